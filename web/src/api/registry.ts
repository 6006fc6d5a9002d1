// The registry's base (issue 5): administrative divisions, policy profiles, the working-day
// calendar and organisations other than labs.
import type { Page } from '../lib/pagedList'
import type { Receipt } from '../lib/ledger'
import { enc, getJson, queryString, request, send } from './client'

export type RegionLevel = 'province' | 'prefecture' | 'county'

/** A GB/T 2260 division. */
export interface Region {
  code: string
  name: string
  level: RegionLevel
  /** '' for a province. */
  parent: string
}

export interface RegionDetail extends Region {
  /** Nearest first. */
  ancestors: Region[]
  children: Region[]
}

export interface LocalizedName {
  zh: string
  en: string
}

export type PolicyValue = string | number | boolean | null | { hours: number } | { working_days: number } | { id: string; name_zh: string }[]

export interface PolicyVersion {
  effective_from: string
  label: LocalizedName
  /** Value keys that are platform defaults, not the notice's. */
  defaults: string[]
  values: Record<string, PolicyValue>
}

export interface PolicyProfile {
  id: string
  name: LocalizedName
  document: string
  regions: string[]
  versions: PolicyVersion[]
}

export interface RegionPolicy {
  region_code: string
  at: string
  policy_id: string
  policy_name: LocalizedName
  document: string
  version: PolicyVersion
}

export interface WorkingDayAnswer {
  from: string
  days: number
  date: string
  due: string
  day_is_makeup_workday: boolean
  covered: boolean
  uncovered_years: number[]
  covered_years: number[]
}

export type Severity = 'minor' | 'general' | 'serious'

/** A kind of the violation catalogue (policies/catalogue/violations.toml). */
export interface ViolationKind {
  id: string
  name: LocalizedName
  requirements: string[]
  severity: Severity
  parties: string[]
  detection: 'at_upload' | 'scheduled_scan' | 'inspection'
  late_reupload: boolean
  unintentional_miss: boolean
}

export type OrganisationKind = 'construction_unit' | 'contractor' | 'supervision_company' | 'ready_mix_plant'
export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['construction_unit', 'contractor', 'supervision_company', 'ready_mix_plant']

export interface Organisation {
  id: number
  kind: OrganisationKind
  name: string
  credit_code: string
  /** The system admin's reason when the code's check character fails. */
  credit_override: string | null
  region_code: string
  address: string
  contact_name: string
  contact_phone: string
  created_by: string
  created_at: string
  updated_at: string
  receipt?: Receipt
}

export interface NewOrganisation {
  kind: OrganisationKind
  name: string
  credit_code: string
  region_code: string
  address: string
  contact_name: string
  contact_phone: string
  credit_override_reason?: string
}

export interface OrganisationFilter {
  q: string
  kind: OrganisationKind | ''
  region: string
}

export const registryApi = {
  /** The divisions directly below `parent` ('' for the provinces). */
  regionChildren: (parent: string) => getJson<Page<Region>>(`/api/v1/regions?parent=${enc(parent)}&limit=500`),
  searchRegions: (q: string) => getJson<Page<Region>>(`/api/v1/regions${queryString({ q, limit: 50 })}`),
  region: (code: string) => getJson<RegionDetail>(`/api/v1/regions/${enc(code)}`),
  /** The version in force for a region; null when no profile binds it. */
  regionPolicy: async (code: string): Promise<RegionPolicy | null> => {
    const response = await request(`/api/v1/regions/${enc(code)}/policy`, { acceptStatus: [404] })
    return response.status === 404 ? null : ((await response.json()) as RegionPolicy)
  },
  policies: async () => (await getJson<{ items: PolicyProfile[] }>('/api/v1/policies')).items,
  violationKinds: async () => (await getJson<{ items: ViolationKind[] }>('/api/v1/violation-kinds')).items,
  workingDays: (from: string, days: number) =>
    getJson<WorkingDayAnswer>(`/api/v1/calendar/working-days${queryString({ from, days })}`),
  organisations: (filter: OrganisationFilter, offset: number, limit: number) =>
    getJson<Page<Organisation>>(`/api/v1/organisations${queryString({ ...filter, offset, limit })}`),
  /** Registration; errors are not toasted: the dialog shows them (the credit check's hint). */
  createOrganisation: (org: NewOrganisation) => send<Organisation>('/api/v1/organisations', 'POST', org, false),
  changeOrganisation: (id: number, change: Partial<NewOrganisation> & { reason: string }) =>
    send<Organisation>(`/api/v1/organisations/${id}`, 'PATCH', change),
}
