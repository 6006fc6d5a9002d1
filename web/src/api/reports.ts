// Reports (issue 9, docs/reports.md): the lists and records people read in their scope (labs
// their own, regulators and stations their region; outside it 404), the regulator's revocation,
// and the public verification anyone may call without signing in.
import { i18n } from '../i18n'
import type { Page } from '../lib/pagedList'
import type { ReportKey } from '../lib/reportSeal'
import { ApiError, enc, getJson, queryString, send } from './client'

export type ReportStatus = 'valid' | 'revoked' | 'superseded'
export const REPORT_STATUSES: readonly ReportStatus[] = ['valid', 'revoked', 'superseded']
export type ReportConclusion = 'pass' | 'fail'
export type ReportKind = 'lab' | 'onsite'

/** An item of a report as its public facts name it. */
export interface ReportItem {
  item: string
  name_zh: string
  name_en: string
  standard: string
  grade: string
  conclusion: string
}

/** GET /api/v1/public/reports/{number}: what anyone may know of a report. */
export interface PublicReport {
  number: string
  status: ReportStatus
  kind: ReportKind
  category: string
  material: string
  title: string
  conclusion: ReportConclusion
  lab: { code: string; name: string }
  /** Sent by servers that name the project in the public facts. */
  project?: { name: string } | null
  project_name?: string
  items: ReportItem[]
  tested_from: string
  tested_to: string
  issued_at: string
  pdf: { sha256: string; sm3: string; stamped_sha256: string }
  content_sm3: string
  key_id: string
  seal: string
  supersedes: string | null
  superseded_by: string | null
  status_reason: string
  status_changed_at: string | null
  /** With ?seal=: the server's own check of the payload. */
  seal_check?: { valid: boolean; reason: '' | 'malformed' | 'unknown_key' | 'bad_signature' | 'not_this_report' }
}

/** POST /api/v1/public/reports/{number}/compare */
export interface Comparison {
  identical: boolean
  matches: 'stamped' | 'original' | null
}

/** A report as the signed-in lists show it. */
export interface Report {
  id: number
  number: string
  lab_code: string
  sandbox: boolean
  region_code: string
  project_id: number
  kind: ReportKind
  category: string
  material: string
  onsite_batch_id: number | null
  title: string
  conclusion: ReportConclusion
  tested_from: string
  tested_to: string
  tester_id: number
  reviewer_id: number
  approver_id: number
  pdf_sha256: string
  pdf_sm3: string
  stamped_sha256: string
  content_sm3: string
  key_id: string
  status: ReportStatus
  supersedes_id: number | null
  superseded_by_id: number | null
  version: number
  issued_by: string
  issued_at: string
  public: PublicReport | null
}

export interface ReportStatusChange {
  status: 'revoked' | 'superseded'
  reason: string
  approver_id: number | null
  new_report_id: number | null
  changed_by: string
  changed_at: string
}

/** GET /api/v1/reports/{id}: the report with its tests, history, content and seal. */
export interface ReportDetail extends Report {
  tests: number[]
  changes: ReportStatusChange[]
  /** The structured content as the lab submitted it (the seal's content digest covers it). */
  content: Record<string, unknown> | null
  seal: string
  seal_url: string
  receipt?: unknown
}

export interface ReportFilter {
  q: string
  status: ReportStatus | ''
  conclusion: ReportConclusion | ''
  kind: ReportKind | ''
  lab_code: string
  project_id?: number
}

const id = (n: number) => enc(String(Math.trunc(n)))
const num = (number: string) => enc(number)

export const reportsApi = {
  list: (f: ReportFilter, offset: number, limit: number) =>
    getJson<Page<Report>>(`/api/v1/reports${queryString({ ...f, offset, limit })}`),
  /** Not toasted: the page says "not found" itself. */
  get: (reportId: number) => getJson<ReportDetail>(`/api/v1/reports/${id(reportId)}`, { notify: false }),
  qrUrl: (reportId: number) => `/api/v1/reports/${id(reportId)}/qr.png`,
  pdfUrl: (reportId: number, original = false) =>
    `/api/v1/reports/${id(reportId)}/pdf${queryString({ copy: original ? 'original' : undefined })}`,
  /** A regulator revokes with a reason; the dialog shows refusals. */
  revoke: (reportId: number, reason: string) =>
    send<ReportDetail>(`/api/v1/reports/${id(reportId)}/revocation`, 'POST', { reason }, false),

  // Public verification: no sign-in. Not toasted: the page tells the outcome.
  keys: () => getJson<{ keys: ReportKey[] }>('/api/v1/public/report-keys', { notify: false }),
  facts: (number: string, seal?: string) =>
    getJson<PublicReport>(`/api/v1/public/reports/${num(number)}${queryString({ seal })}`, { notify: false }),
  publicPdfUrl: (number: string, original = false) =>
    `/api/v1/public/reports/${num(number)}/pdf${queryString({ copy: original ? 'original' : undefined })}`,
  /** The file as the body, streamed and hashed by the server, never kept. */
  compare: async (number: string, file: Blob): Promise<Comparison> => {
    let response: Response
    try {
      response = await fetch(`/api/v1/public/reports/${num(number)}/compare`, {
        method: 'POST',
        body: file,
        headers: { 'Content-Type': 'application/pdf', Accept: 'application/json' },
        credentials: 'omit',
      })
    } catch (cause) {
      throw new ApiError(0, 'network', i18n.global.t('errors.network'), undefined, cause)
    }
    const body = (await response.json().catch(() => null)) as (Comparison & { code?: string; message?: string }) | null
    if (!response.ok || !body) {
      throw new ApiError(response.status, body?.code ?? `http_${response.status}`, body?.message ?? `HTTP ${response.status}`)
    }
    return body
  },
}
