// The specimen chain (issue 6, docs/specimens.md): QR label batches, witnessed samplings,
// commissions, lab receipts, the trace of a label or a sampling, and the public label check.
// Every POST that creates a record sends an Idempotency-Key: a retry with the same key and body
// gets the first answer and creates nothing new.
import type { Receipt } from '../lib/ledger'
import type { Page } from '../lib/pagedList'
import { ApiError, currentCsrfToken, enc, getJson, queryString, request } from './client'

export type LabelState = 'free' | 'bound' | 'received' | 'refused'
export const LABEL_STATES: readonly LabelState[] = ['free', 'bound', 'received', 'refused']

export interface ProjectRef {
  id: number
  code: string
  name: string
}

export interface PersonRef {
  id: number
  name: string
}

/** The ledger receipt of a record as a creation answers it (entry, leaf_index, leaf_hash). */
export type LedgerReceipt = Receipt

export type RequestedBy = 'contractor' | 'station'
export const REQUESTERS: readonly RequestedBy[] = ['contractor', 'station']

export interface LabelBatch {
  id: number
  project: ProjectRef
  quantity: number
  requested_by: RequestedBy
  note: string
  issued_by: string
  issued_at: string
  bound: number
  /** In the answer to the issue only. */
  receipt?: LedgerReceipt
}

export interface BatchLabel {
  code: string
  display: string
  url: string
  state: LabelState
  batch_id: number
  sampling_id: number | null
  /** The specimen's place in its group; 0 while the label is free. */
  ordinal: number
}

export interface LabelBatchDetail extends LabelBatch {
  labels: BatchLabel[]
}

export interface NewLabelBatch {
  quantity: number
  requested_by: RequestedBy
  note?: string
}

/** GET /api/v1/labels/{code}: a label within the caller's scope. */
export interface LabelInfo extends BatchLabel {
  project: ProjectRef
}

export type Duty = 'witness' | 'sampler'

/** A project the signed-in witness is assigned to now. */
export interface WitnessProject {
  id: number
  code: string
  name: string
  address: string
  assigned_as: Duty[]
  samplers: PersonRef[]
  witnesses: PersonRef[]
}

export type Material =
  | 'concrete'
  | 'mortar'
  | 'rebar'
  | 'welded_joint'
  | 'mechanical_splice'
  | 'cement'
  | 'block'
  | 'other'
export const MATERIALS: readonly Material[] = [
  'concrete',
  'mortar',
  'rebar',
  'welded_joint',
  'mechanical_splice',
  'cement',
  'block',
  'other',
]

export type ConcreteGroup = 'standard_cured' | 'same_condition' | 'formwork_removal' | 'impermeability'
export const CONCRETE_GROUPS: readonly ConcreteGroup[] = ['standard_cured', 'same_condition', 'formwork_removal', 'impermeability']

export type PartyKind = 'contractor' | 'ready_mix_plant' | 'supervision_company' | 'lab' | 'other'
export const PARTY_KINDS: readonly PartyKind[] = ['contractor', 'ready_mix_plant', 'supervision_company', 'lab', 'other']

/** Who made or cures the specimens (JJ-1.3). */
export interface SpecimenParty {
  kind: PartyKind
  name: string
}

export interface Location {
  lat: number
  lng: number
  accuracy_m: number
}

/** POST /api/v1/samplings: what the witness's phone sends. */
export interface NewSampling {
  project_id: number
  part: string
  material: Material
  concrete_group: ConcreteGroup | null
  grade: string
  quantity: string
  specimen_count: number
  mould_count: number
  maker: SpecimenParty
  curer: SpecimenParty
  sampler_id: number
  seal_number: string
  /** When the phone captured it (kept as given); the server keeps its own received_at. */
  captured_at: string
  location: Location | null
  placard_sha256: string
  labels: string[]
}

export interface Specimen {
  ordinal: number
  label_code: string
  label_display: string
  state: LabelState
}

export interface Commission {
  id: number
  sampling_id: number
  lab: { code: string; name: string }
  test_item: string
  commissioned_by: string
  commissioned_at: string
  receipt?: LedgerReceipt
}

export interface Sampling {
  id: number
  project: ProjectRef
  part: string
  material: Material
  concrete_group: ConcreteGroup | null
  grade: string
  quantity: string
  specimen_count: number
  mould_count: number
  maker: SpecimenParty
  curer: SpecimenParty
  witness: PersonRef
  sampler: PersonRef
  seal_number: string
  captured_at: string
  received_at: string
  location: Location | null
  placard_sha256: string
  recorded_by: string
  specimens: Specimen[]
  commissions: Commission[]
  receipt?: LedgerReceipt
}

export interface SamplingFilter {
  project_id?: number
  q?: string
}

export type Decision = 'receive' | 'refuse'
export type Outcome = 'received' | 'refused'

export const RECEIPT_REASONS = [
  'label_invalid',
  'label_unknown',
  'label_not_bound',
  'label_already_received',
  'other_project',
  'not_commissioned',
  'lab_not_qualified',
  'no_witness',
  'seal_broken',
  'bad_condition',
  'no_label',
  'refused_by_clerk',
] as const

/** POST /api/v1/receipts: a labelled sample, or one that came without a label (JJ-4.1). */
export interface NewReceipt {
  label_code?: string
  unlabelled?: { project_id: number; description: string }
  witness_id: number | null
  seal_intact: boolean
  condition_ok: boolean
  decision: Decision
  note: string
}

export interface SpecimenReceipt {
  id: number
  outcome: Outcome
  reasons: string[]
  warnings: string[]
  label_code: string
  sampling_id: number | null
  project_id: number | null
  commission_id: number | null
  lab_code: string
  lab_name: string
  witness: PersonRef | null
  seal_intact: boolean
  condition_ok: boolean
  description: string
  note: string
  received_by: string
  received_at: string
  receipt?: LedgerReceipt
}

export interface ReceiptFilter {
  outcome: '' | Outcome
}

export type TraceStepName = 'label_issued' | 'sampled' | 'curing' | 'commissioned' | 'received' | 'refused' | 'tested' | 'reported'

export interface TraceStep {
  step: TraceStepName | string
  at: string
  by: string
  summary: string
  details: Record<string, unknown> | null
  receipt: LedgerReceipt | null
}

export interface Trace {
  label: LabelInfo | null
  sampling: Sampling | null
  steps: TraceStep[]
}

/** GET /api/v1/public/labels/{code}: what anyone may learn of a label (no sign-in). */
export interface PublicLabel {
  code: string
  display: string
  genuine: boolean
  state: LabelState
  project_name: string
  issued_at: string
  sampled_at: string | null
  received_at: string | null
  lab_name: string | null
}

export interface UploadedBlob {
  sha256: string
  size: number
  media_type: string
  received_at: string
}

/** A new Idempotency-Key; works outside secure contexts too (a phone on plain http). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** A POST creating a record under `key`; `notify` false leaves showing errors to the caller. */
async function create<T>(path: string, body: unknown, key: string, notify: boolean): Promise<T> {
  return (await request(path, { method: 'POST', body, notify, headers: { 'Idempotency-Key': key } })).json() as Promise<T>
}

const id = (n: number) => enc(String(n))

export const specimensApi = {
  // Label batches (stations and regulators issue them to a project).
  batches: async (projectId: number, notify = true) =>
    (await getJson<{ items: LabelBatch[] }>(`/api/v1/projects/${id(projectId)}/label-batches`, { notify })).items,
  issueBatch: (projectId: number, batch: NewLabelBatch, key = newIdempotencyKey()) =>
    create<LabelBatch>(`/api/v1/projects/${id(projectId)}/label-batches`, batch, key, false),
  batch: (batchId: number) => getJson<LabelBatchDetail>(`/api/v1/label-batches/${id(batchId)}`, { notify: false }),
  sheetUrl: (batchId: number) => `/api/v1/label-batches/${id(batchId)}/sheet`,

  /** 404 (not toasted) when no label has the code within the caller's scope. */
  label: (code: string) => getJson<LabelInfo>(`/api/v1/labels/${enc(code)}`, { notify: false }),

  // The witness's phone page.
  witnessProjects: async () => (await getJson<{ items: WitnessProject[] }>('/api/v1/witness/projects')).items,
  /** Errors are not toasted: the outbox keeps them with the record. */
  recordSampling: (s: NewSampling, key: string) => create<Sampling>('/api/v1/samplings', s, key, false),
  samplings: (f: SamplingFilter, offset: number, limit: number) =>
    getJson<Page<Sampling>>(`/api/v1/samplings${queryString({ project_id: f.project_id, q: f.q, offset, limit })}`),
  sampling: (samplingId: number, notify = true) => getJson<Sampling>(`/api/v1/samplings/${id(samplingId)}`, { notify }),
  commission: (samplingId: number, labCode: string, testItem: string, key = newIdempotencyKey()) =>
    create<Commission>(`/api/v1/samplings/${id(samplingId)}/commissions`, { lab_code: labCode, test_item: testItem }, key, false),

  // The lab's receiving clerk.
  receive: (r: NewReceipt, key: string) => create<SpecimenReceipt>('/api/v1/receipts', r, key, false),
  receipts: (f: ReceiptFilter, offset: number, limit: number) =>
    getJson<Page<SpecimenReceipt>>(`/api/v1/receipts${queryString({ outcome: f.outcome, offset, limit })}`),

  // The chain of a label or a sampling.
  traceLabel: (code: string) => getJson<Trace>(`/api/v1/trace/labels/${enc(code)}`, { notify: false }),
  traceSampling: (samplingId: number) => getJson<Trace>(`/api/v1/trace/samplings/${id(samplingId)}`, { notify: false }),

  /** No sign-in; 404 `label_unknown` (not toasted) for a code no label has. */
  publicLabel: (code: string) => getJson<PublicLabel>(`/api/v1/public/labels/${enc(code)}`, { notify: false }),

  /** The placard photo of a sampling, for whoever may read the sampling. */
  placardUrl: (samplingId: number) => `/api/v1/samplings/${id(samplingId)}/placard`,
  /**
   * Streams a photo to the blob store (content-addressed: the same bytes give the same sha256,
   * so a retry is harmless). Errors are thrown as ApiError, status 0 for a network failure, and
   * not toasted.
   */
  async uploadPhoto(photo: Blob): Promise<UploadedBlob> {
    const headers: Record<string, string> = { 'Content-Type': photo.type || 'application/octet-stream', Accept: 'application/json' }
    const token = currentCsrfToken()
    if (token) headers['X-CSRF-Token'] = token
    let response: Response
    try {
      response = await fetch('/api/v1/blobs', { method: 'POST', headers, body: photo, credentials: 'same-origin' })
    } catch (cause) {
      throw new ApiError(0, 'network', 'network error', undefined, cause)
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { code?: string; message?: string; details?: unknown } | null
      throw new ApiError(response.status, body?.code ?? `http_${response.status}`, body?.message ?? `HTTP ${response.status}`, undefined, body?.details)
    }
    return (await response.json()) as UploadedBlob
  },
}
