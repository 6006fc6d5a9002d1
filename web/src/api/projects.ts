// Construction projects (工程项目, issue 5 item 6, JJ-4.2): the API's types and calls, plus the
// lists the registration and change-notice dialogs pick from (organisations by kind, witnesses
// and samplers, the caller's regions).
import type { Page } from '../lib/pagedList'
import type { Receipt } from '../lib/ledger'
import { enc, getJson, queryString, send } from './client'
import type { Person } from './people'
import { registryApi, type LocalizedName, type Organisation, type OrganisationKind, type Region } from './registry'

export interface GeoPoint {
  lat: number
  lng: number
}

/** Where a project is (WGS-84): a circle of 10 m to 5 km, or a polygon of 3 to 200 vertices. */
export type ProjectSite = { kind: 'circle'; centre: GeoPoint; radius_m: number } | { kind: 'polygon'; area: GeoPoint[] }

export type AssignmentDuty = 'witness' | 'sampler'
export const ASSIGNMENT_DUTIES: readonly AssignmentDuty[] = ['witness', 'sampler']

/** The organisation kinds of a project's three parties. */
export const PARTY_KINDS = {
  client_id: 'construction_unit',
  contractor_id: 'contractor',
  supervisor_id: 'supervision_company',
} as const satisfies Record<string, OrganisationKind>
export type PartyField = keyof typeof PARTY_KINDS

export interface PartyRef {
  id: number
  name: string
}

export interface Party extends PartyRef {
  credit_code: string
}

export interface ProjectSummary {
  id: number
  code: string
  name: string
  address: string
  region_code: string
  region_name: string
  client: PartyRef
  contractor: PartyRef
  supervisor: PartyRef
  active_witnesses: number
  active_samplers: number
  late_notices: number
  created_at: string
}

export interface Assignment {
  id: number
  person_id: number
  person_name: string
  duty: AssignmentDuty
  starts_at: string
  ends_at: string | null
  active: boolean
}

export interface PolicyRef {
  profile: string
  version: string
}

export interface ChangeNotice {
  id: number
  duty: AssignmentDuty
  replaced_id: number
  person_out: PartyRef
  person_in: PartyRef
  effective_at: string
  filed_at: string
  filed_by: string
  reason: string
  policy: PolicyRef
  due_at: string
  on_time: boolean
  late_working_days: number
  /** Years the working-day calendar does not cover (judged by weekends only). */
  uncovered_years: number[]
  receipt?: Receipt
}

export interface Violation {
  id: number
  kind: string
  subject: string
  occurred_at: string
  policy: PolicyRef
  details: Record<string, unknown>
}

export interface WitnessChangeRule {
  timing: 'in_advance' | 'after'
  working_days: number
}

/** The profile version in force now for the project's region. */
export interface ProjectPolicy {
  profile: string
  name: LocalizedName
  document: string
  version: string
  witness_change: WitnessChangeRule
}

export interface Project {
  id: number
  code: string
  name: string
  address: string
  region_code: string
  region_name: string
  site: ProjectSite
  client: Party
  contractor: Party
  supervisor: Party
  created_by: string
  created_at: string
  assignments: Assignment[]
  change_notices: ChangeNotice[]
  violations: Violation[]
  policy: ProjectPolicy | null
  receipt?: Receipt
}

export interface NewAssignment {
  person_id: number
  duty: AssignmentDuty
  /** YYYY-MM-DD (Asia/Shanghai). */
  starts_on: string
}

export interface NewProject {
  code: string
  name: string
  address: string
  region_code: string
  site: ProjectSite
  client_id: number
  contractor_id: number
  supervisor_id: number
  assignments: NewAssignment[]
}

export interface NewChangeNotice {
  assignment_id: number
  person_in: number
  /** YYYY-MM-DD (Asia/Shanghai). */
  effective_on: string
  reason: string
}

export interface ProjectFilter {
  q: string
  region: string
}

/** details of a 422 invalid_argument: the fields at fault and, for a witness, why not. */
export interface ValidationDetails {
  fields?: Record<string, string>
  reasons?: string[]
}

const base = '/api/v1/projects'

export const projectsApi = {
  list: (f: ProjectFilter, offset: number, limit: number) =>
    getJson<Page<ProjectSummary>>(`${base}${queryString({ q: f.q, region: f.region, offset, limit })}`),
  get: (id: number) => getJson<Project>(`${base}/${enc(String(id))}`),
  /** Errors are not toasted: the dialog shows them next to the fields. */
  create: (p: NewProject) => send<Project>(base, 'POST', p, false),
  fileChangeNotice: (id: number, n: NewChangeNotice) =>
    send<ChangeNotice>(`${base}/${enc(String(id))}/change-notices`, 'POST', n, false),

  // Pickers.
  organisations: async (kind: OrganisationKind, q: string): Promise<Organisation[]> =>
    (await registryApi.organisations({ kind, q, region: '' }, 0, 50)).items,
  people: async (duty: AssignmentDuty, q: string): Promise<Person[]> =>
    (await getJson<Page<Person>>(`/api/v1/people${queryString({ duty, q, limit: 50 })}`)).items,
  /** The caller's own region and the divisions directly below it, for the region select. */
  async ownRegions(code: string): Promise<Region[]> {
    const detail = await registryApi.region(code)
    return [{ code: detail.code, name: detail.name, level: detail.level, parent: detail.parent }, ...detail.children]
  },
  searchRegions: async (q: string): Promise<Region[]> => (await registryApi.searchRegions(q)).items,
}
