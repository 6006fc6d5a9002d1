// Lab tests (issue 7, docs/lab-tests.md): the tests of the caller's data scope (regulators their
// region, lab staff their lab) with their versions, curves and reviews; contracts, test plans
// and the violations the platform found; the live feed of tests in progress (server-sent events).
import type { Severity, ViolationKind } from './registry'
import type { Page } from '../lib/pagedList'
import { parseReadingsEvent, parseTestEvent, type LiveReadingsEvent, type LiveTestEvent } from '../lib/labTests'
import { enc, getJson, queryString, send } from './client'

export type { LiveReadingsEvent, LiveTestEvent } from '../lib/labTests'

export type TestStatus = 'running' | 'finished' | 'reviewed' | 'rejected' | 'voided'
export const TEST_STATUSES: readonly TestStatus[] = ['running', 'finished', 'reviewed', 'rejected', 'voided']

/** The mechanical tests of JJ-3.4 (domain/lab_test.hpp). */
export const TEST_ITEMS = [
  'concrete_compression',
  'mortar_compression',
  'rebar_tension',
  'weld_tension',
  'splice_tension',
  'cement_strength',
  'block_compression',
  'rock_compression',
] as const
export type TestItemCode = (typeof TEST_ITEMS)[number]

export type Acquisition = 'auto' | 'manual'

export interface Environment {
  temperature_c: number | null
  humidity_percent: number | null
}

/** A test as the list shows it (GET /api/v1/tests). */
export interface LabTestRow {
  id: number
  lab_code: string
  project_id: number
  sampling_id: number
  item: string
  /** "混凝土抗压强度 Concrete compression". */
  item_name: string
  standard: string
  grade: string
  /** The specimens' QR label codes, in order. */
  labels: string[]
  equipment_id: number
  tester_id: number
  acquisition: Acquisition
  manual_reason: string
  environment: Environment | null
  plan_id: number | null
  retest_of: number | null
  status: TestStatus
  version: number
  anomalies: number
  conclusion: string
  started_at: string
  received_at: string
  finished_at: string | null
  updated_at: string
  sandbox: boolean
}

/** A stored curve of a specimen: its hash and number of points. */
export interface CurveRef {
  sha256: string
  points: number
}

/**
 * A measurement in a version's record: the ledger keeps decimal strings ("812.4"), the shortest
 * form that reads back the same number.
 */
export type Measurement = string | number

/** One specimen of a version's results: raw values and what the lab reports. */
export interface SpecimenResult {
  label_code: string
  length_mm?: Measurement
  width_mm?: Measurement
  height_mm?: Measurement
  diameter_mm?: Measurement
  gauge_length_mm?: Measurement
  final_length_mm?: Measurement
  peak_load_kn?: Measurement
  yield_load_kn?: Measurement
  agt_percent?: Measurement
  fracture_position?: string
  fracture_mode?: string
  strength_mpa?: Measurement
  yield_strength_mpa?: Measurement
  elongation_percent?: Measurement
  curve?: CurveRef
}

export interface TestResults {
  specimens: SpecimenResult[]
  group_strength_mpa: Measurement | null
  conclusion: string | null
  environment?: { temperature_c: Measurement | null; humidity_percent: Measurement | null }
}

/** A disagreement of the recomputation with what the lab reports (figures side by side). */
export interface Anomaly {
  kind: string
  clause: string
  field: string
  reported: Measurement | null
  recomputed: Measurement | null
  message_zh: string
  message_en: string
  /** 0-based; null for the group. */
  specimen: number | null
}

/** A version's record as the ledger keeps it: the start, the finish, a change or a void. */
export interface TestRecord {
  status?: TestStatus
  reason?: string
  approver_id?: number
  results?: TestResults
  anomalies?: Anomaly[]
  finished_at?: string
  started_at?: string
  [field: string]: unknown
}

export interface TestReview {
  id: number
  version: number
  reviewer_id: number
  verdict: 'confirm' | 'reject'
  note: string
  reviewed_by: string
  reviewed_at: string
}

export interface Violation {
  id: number
  kind: string
  lab_code: string
  region_code: string
  project_id: number | null
  /** What it concerns: "<record type> <id>", e.g. "lab_test 12". */
  subject: string
  occurred_at: string
  recorded_at?: string
  /** The policy profile and version in force when it occurred. */
  policy?: { profile: string; version: string }
  details: unknown
  /** The case (issue 10): open until a regulator confirms or dismisses it. */
  status?: CaseStatus
  severity?: Severity | null
  party?: { kind: string; ref: string } | null
  decided_at?: string | null
}

export type CaseStatus = 'open' | 'confirmed' | 'dismissed'

/** GET /api/v1/violations/{id}: the violation as a case, its kind and its steps. */
export interface ViolationCase extends Violation {
  kind_info: ViolationKind | null
  events: { id: number; action: 'confirm' | 'dismiss' | 'respond'; text: string; actor: string; at: string }[]
}

export interface CaseConfirmation {
  reason: string
  severity?: Severity
  party?: string
  party_ref?: string
}

/** GET /api/v1/tests/{id}: the test with its current version, reviews and violations. */
export interface LabTestDetail extends LabTestRow {
  data: TestRecord
  reviews: TestReview[]
  violations: Violation[]
  lab_name: string
  project_name: string
  tester_name: string
}

export interface TestVersion {
  version: number
  record: TestRecord
  changed_by: string
  changed_at: string
  receipt: { index: number; leaf_hash: string } | null
}

/** GET /api/v1/tests/{id}/curves/{specimen}: channels of equal length (disp_mm may be empty). */
export interface CurveData {
  rate_hz: number
  points: number
  t_s: number[]
  force_kn: number[]
  disp_mm: number[]
}

export interface TestContract {
  id: number
  lab_code: string
  project_id: number
  contract_no: string
  client: string
  items: string[]
  signed_on: string
  amount_yuan: string
  document_sha256: string
  due_by: string | null
  late: boolean
  received_by: string
  received_at: string
}

export interface TestPlan {
  id: number
  lab_code: string
  project_id: number
  contract_id: number | null
  items: string[]
  planned_start: string
  planned_end: string
  note: string
  latest_on_time: string | null
  late: boolean
  received_by: string
  received_at: string
}

/** Filters of the test list; empty members do not filter. */
export interface TestFilter {
  q: string
  status: '' | TestStatus
  item: string
  lab_code: string
  project_id?: number
}

export type LateFilter = '' | 'true' | 'false'

export interface ContractFilter {
  q: string
  project_id?: number
  late: LateFilter
}

export interface PlanFilter {
  project_id?: number
  late: LateFilter
}

export interface ViolationFilter {
  kind: string
  lab_code: string
  /** "lab_test 12": the violations of one record. */
  subject?: string
  /** open, confirmed, dismissed; "" for any. */
  status?: CaseStatus | ''
}

/** What a lab user's review says (POST /api/v1/tests/{id}/reviews). */
export interface ReviewInput {
  verdict: 'confirm' | 'reject'
  note?: string
}

/** The lab's equipment as far as a test record names it. */
export interface EquipmentRef {
  id: number
  name: string
  model: string
  serial: string
  auto_collect: boolean
}

const id = (n: number) => String(Math.trunc(n))

export const labTestsApi = {
  tests: (f: TestFilter, offset: number, limit: number) =>
    getJson<Page<LabTestRow>>(`/api/v1/tests${queryString({ ...f, offset, limit })}`),
  /** Errors are not shown as a toast: the record page says "not found" itself. */
  test: (testId: number) => getJson<LabTestDetail>(`/api/v1/tests/${id(testId)}`, { notify: false }),
  versions: (testId: number) =>
    getJson<{ items: TestVersion[] }>(`/api/v1/tests/${id(testId)}/versions`).then((r) => r.items),
  /** The specimen's curve (a running test: its readings so far), downsampled to `maxPoints`. */
  curve: (testId: number, specimen: number, maxPoints: number) =>
    getJson<CurveData>(`/api/v1/tests/${id(testId)}/curves/${id(specimen)}${queryString({ max_points: maxPoints })}`, {
      notify: false,
    }),
  /** Refusals (`self_review`, `reviewer_not_certified`, …) are shown by the page. */
  review: (testId: number, input: ReviewInput) =>
    send<LabTestDetail>(`/api/v1/tests/${id(testId)}/reviews`, 'POST', input, false),
  contracts: (f: ContractFilter, offset: number, limit: number) =>
    getJson<Page<TestContract>>(`/api/v1/contracts${queryString({ ...f, offset, limit })}`),
  plans: (f: PlanFilter, offset: number, limit: number) =>
    getJson<Page<TestPlan>>(`/api/v1/test-plans${queryString({ ...f, offset, limit })}`),
  violations: (f: ViolationFilter, offset: number, limit: number) =>
    getJson<Page<Violation>>(`/api/v1/violations${queryString({ ...f, offset, limit })}`),
  violationCase: (id: number) => getJson<ViolationCase>(`/api/v1/violations/${id}`),
  /** A regulator's decision; errors are left to the caller to show. */
  confirmCase: (id: number, c: CaseConfirmation) => send<ViolationCase>(`/api/v1/violations/${id}/confirm`, 'POST', c, false),
  dismissCase: (id: number, reason: string) => send<ViolationCase>(`/api/v1/violations/${id}/dismiss`, 'POST', { reason }, false),
  respondToCase: (id: number, text: string) => send<ViolationCase>(`/api/v1/violations/${id}/responses`, 'POST', { text }, false),
  /** The equipment a test ran on; null (no toast) when it cannot be read. */
  equipment: (labCode: string, equipmentId: number) =>
    getJson<EquipmentRef>(`/api/v1/labs/${enc(labCode)}/equipment/${id(equipmentId)}`, { notify: false }).catch(() => null),
}

export const LIVE_URL = '/api/v1/tests/live'

export type LiveState = 'connecting' | 'open' | 'reconnecting'

export interface LiveHandlers {
  onTest?: (event: LiveTestEvent) => void
  onReadings?: (event: LiveReadingsEvent) => void
  /** The server dropped `events` events this reader fell behind by: reload what is shown. */
  onDropped?: (events: number) => void
  onState?: (state: LiveState) => void
  /** The stream is open; `reconnected` after a break, when events may have been missed. */
  onOpen?: (reconnected: boolean) => void
}

export interface LiveFeed {
  close: () => void
}

/**
 * Follows GET /api/v1/tests/live (the session cookie goes along: it is a same-origin GET). The
 * browser reconnects by itself after a network break (the server asks for 3 s); when it gives
 * up (an HTTP error, e.g. while the server restarts) the feed opens a new stream, waiting
 * longer each time up to 30 s.
 */
export function liveTests(handlers: LiveHandlers): LiveFeed {
  let source: EventSource | null = null
  let closed = false
  let everOpened = false
  let delay = 1000
  let timer: ReturnType<typeof setTimeout> | undefined

  const state = (s: LiveState) => handlers.onState?.(s)

  function connect(): void {
    if (closed) return
    state(everOpened ? 'reconnecting' : 'connecting')
    const s = new EventSource(LIVE_URL, { withCredentials: true })
    source = s
    s.onopen = () => {
      delay = 1000
      state('open')
      handlers.onOpen?.(everOpened)
      everOpened = true
    }
    s.addEventListener('test', (e) => {
      const event = parseTestEvent((e as MessageEvent<string>).data)
      if (event) handlers.onTest?.(event)
    })
    s.addEventListener('readings', (e) => {
      const event = parseReadingsEvent((e as MessageEvent<string>).data)
      if (event) handlers.onReadings?.(event)
    })
    s.addEventListener('dropped', (e) => {
      const n = Number((JSON.parse((e as MessageEvent<string>).data || '{}') as { events?: unknown }).events)
      handlers.onDropped?.(Number.isFinite(n) ? n : 0)
    })
    s.onerror = () => {
      if (closed || source !== s) return
      if (s.readyState === EventSource.CONNECTING) {
        // The browser is reconnecting on its own.
        state('reconnecting')
        everOpened = true
        return
      }
      s.close()
      state('reconnecting')
      timer = setTimeout(connect, delay)
      delay = Math.min(delay * 2, 30_000)
    }
  }

  connect()
  return {
    close: () => {
      closed = true
      clearTimeout(timer)
      source?.close()
      source = null
    },
  }
}
