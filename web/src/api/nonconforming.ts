// The non-conforming ledger (不合格台账, issue 9, JJ-3.6) and the report statistics (JL-3.3;
// docs/reports.md): entries within the caller's scope, filtered and paged, and the station's
// handling note; reports issued, passed and failed grouped by region, lab, material or month.
import type { Page } from '../lib/pagedList'
import { getJson, queryString, send } from './client'
import type { Receipt } from '../lib/ledger'

export type NonconformingStatus = 'open' | 'retest' | 'handled'
export const NONCONFORMING_STATUSES: readonly NonconformingStatus[] = ['open', 'retest', 'handled']

/** test_reported: the lab said fail; test_recomputed: the standard did; report: a failed report. */
export type NonconformingSource = 'test_reported' | 'test_recomputed' | 'report'

/** The materials of lab tests, then the on-site categories (an on-site report's "material"). */
export const NONCONFORMING_MATERIALS = [
  'concrete',
  'mortar',
  'rebar',
  'welded_joint',
  'mechanical_splice',
  'cement',
  'block',
  'other',
  'foundation',
  'main_structure',
  'steel_structure',
  'building_energy',
  'road',
  'bridge_underground',
] as const

/**
 * The failing figures as the platform recorded them (numbers as decimal strings): for a test,
 * the conclusions and group strengths reported and recomputed; for a report, its number.
 */
export interface NonconformingDetail {
  reported_conclusion?: string
  recomputed_conclusion?: string
  group_strength_mpa?: string | null
  recomputed_group_strength_mpa?: string | null
  number?: string
  title?: string
  conclusion?: string
  [key: string]: unknown
}

/** An entry (GET /api/v1/nonconforming). */
export interface NonconformingEntry {
  id: number
  lab_code: string
  sandbox: boolean
  region_code: string
  project_id: number
  material: string
  item: string
  grade: string
  test_id: number | null
  report_id: number | null
  source: NonconformingSource
  detail: NonconformingDetail | null
  found_at: string
  status: NonconformingStatus
  retest_id: number | null
  handling: string
  handled_by: string
  handled_at: string | null
  notice_id: number | null
  updated_at: string
  receipt?: Receipt
}

export interface NonconformingFilter {
  q: string
  region_code: string
  lab_code: string
  /** '' for any. */
  material: string
  status: '' | NonconformingStatus
  /** YYYY-MM-DD, inclusive; '' for open-ended. */
  from: string
  to: string
}

export type StatsGroup = 'region' | 'lab' | 'material' | 'month'
export const STATS_GROUPS: readonly StatsGroup[] = ['region', 'lab', 'material', 'month']

/** One group's figures; pass_rate is passed / (passed + failed), null when neither. */
export interface ReportStatsRow {
  key: string
  issued: number
  passed: number
  failed: number
  revoked: number
  pass_rate: number | null
}

/** GET /api/v1/report-stats */
export interface ReportStats {
  group: StatsGroup
  from: string
  to: string
  items: ReportStatsRow[]
  total: Omit<ReportStatsRow, 'key'>
}

export interface StatsQuery {
  group: StatsGroup
  from?: string
  to?: string
  region_code?: string
}

export const nonconformingApi = {
  list: (f: NonconformingFilter, offset: number, limit: number) =>
    getJson<Page<NonconformingEntry>>(
      `/api/v1/nonconforming${queryString({
        q: f.q,
        region_code: f.region_code,
        lab_code: f.lab_code,
        material: f.material,
        status: f.status,
        from: f.from,
        to: f.to,
        offset,
        limit,
      })}`,
    ),
  get: (id: number) => getJson<NonconformingEntry>(`/api/v1/nonconforming/${id}`),
  /** Closes the entry as handled; errors are left to the caller to show. */
  handle: (id: number, handling: string) =>
    send<NonconformingEntry>(`/api/v1/nonconforming/${id}/handling`, 'POST', { handling }, false),
  stats: (q: StatsQuery) => getJson<ReportStats>(`/api/v1/report-stats${queryString({ ...q })}`),
}
