// On-site tests (issue 8, docs/onsite.md): components of a project, batches with their locks,
// tests with their deadline, photos with their findings, force-majeure filings, and the capture
// page's photo upload. The routes for people: the caller's scope applies (outside it 404).
import type { Page } from '../lib/pagedList'
import { enc, getJson, queryString, request, send } from './client'
import type { GeoPoint } from './projects'

export type UploadStatus = 'open' | 'awaiting' | 'on_time' | 'late' | 'missed'
export const UPLOAD_STATUSES: readonly UploadStatus[] = ['open', 'awaiting', 'on_time', 'late', 'missed']

export type FinishSource = 'instrument' | 'lab'
export type LockReason = 'onsite_upload_late' | 'onsite_upload_missed'
export type FilingStatus = 'pending' | 'accepted' | 'rejected'
export const FILING_STATUSES: readonly FilingStatus[] = ['pending', 'accepted', 'rejected']

/** The six categories of JL-1.2 (domain/onsite.hpp). */
export const ONSITE_CATEGORIES = ['foundation', 'main_structure', 'steel_structure', 'building_energy', 'road', 'bridge_underground'] as const
export type OnsiteCategory = (typeof ONSITE_CATEGORIES)[number]

/** A component (构件, JL-2.4): marked on site with `code`, unique within its project. */
export interface Component {
  id: number
  project_id: number
  code: string
  name: string
  part: string
  created_by: string
  created_at: string
}

export interface NewComponent {
  code: string
  name: string
  part?: string
}

/** The open lock of a batch. */
export interface BatchLockRef {
  id: number
  reason: LockReason
  test_id: number | null
  locked_at: string
}

/** A lock of the batch's history: closed once a regulator lifted it. */
export interface BatchLock extends BatchLockRef {
  unlocked_by?: string | null
  unlocked_at?: string | null
  unlock_reason?: string | null
}

/** A batch (检测批次) a later report covers; report generation is blocked while locked. */
export interface OnsiteBatch {
  id: number
  lab_code: string
  project_id: number
  region_code: string
  item: string
  /** Sent by servers that name the item ("桩身完整性（低应变法）…"); the code otherwise. */
  item_name?: string
  category: string
  batch_no: string
  created_at: string
  locked: boolean
  lock: BatchLockRef | null
  sandbox: boolean
}

export interface OnsiteDeadline {
  due_at: string | null
  force_majeure_id: number | null
  awaiting_clearance: boolean
}

/** An on-site test as lists show it. */
export interface OnsiteTest {
  id: number
  batch_id: number
  lab_code: string
  project_id: number
  item: string
  item_name?: string
  component_id: number
  component_code: string
  equipment_id: number
  tester_ids: number[]
  witness_id: number
  started_at: string
  finished_at: string | null
  finish_source: FinishSource | null
  due_at: string | null
  deadline: OnsiteDeadline
  data_received_at: string | null
  first_photo_at: string | null
  /** The number of photos (the single test's answer lists them as `photos`). */
  photo_count: number
  flagged_photos: number
  upload_status: UploadStatus
  version: number
  sandbox: boolean
}

export interface OnsiteBatchDetail extends OnsiteBatch {
  tests: OnsiteTest[]
  locks: BatchLock[]
}

/** The signed fields the capture page stamps into the upload at capture time. */
export interface PhotoStamp {
  /** The device's time, RFC 3339. */
  captured_at: string
  /** WGS-84 degrees; absent without a position. */
  lat?: number
  lng?: number
  tester_id?: number
  equipment_id?: number
  component_code?: string
  /** The capturing device's stable random id. */
  device?: string
}

export interface PhotoFinding {
  kind: string
  message_zh: string
  message_en: string
  evidence: Record<string, unknown>
}

export interface PhotoMetadata {
  make?: string | null
  model?: string | null
  software?: string | null
  orientation?: number | null
  width?: number | null
  height?: number | null
  date_time_original?: string | null
  offset_time_original?: string | null
  gps?: { lat: number; lng: number; altitude_m?: number | null } | null
  edit_traces?: string[]
  quantisation?: { fingerprint: string; ijg_quality: number | null } | null
  phash?: string | null
  has_thumbnail?: boolean
}

export interface OnsitePhoto {
  id: number
  test_id: number
  sha256: string
  thumb_sha256: string | null
  received_at: string
  on_time: boolean
  captured_at: string | null
  captured_at_source: 'exif' | 'stamp' | null
  location: GeoPoint | null
  location_source: 'exif' | 'stamp' | null
  tester_id: number | null
  equipment_id: number | null
  component_code: string | null
  stamp: PhotoStamp | null
  metadata: PhotoMetadata
  findings: PhotoFinding[]
  flagged: boolean
  /** In the answer of an upload: its ledger leaf. */
  receipt?: { index: number; leaf_hash: string } | null
}

export interface ForceMajeureFiling {
  id: number
  test_id: number
  lab_code: string
  region_code: string
  reason: string
  evidence_sha256: string | null
  filed_at: string
  in_time: boolean
  cleared_at: string | null
  cleared_reported_at: string | null
  status: FilingStatus
  decided_by: string | null
  decided_at: string | null
  decision_reason: string | null
}

export interface OnsiteViolation {
  id: number
  kind: string
  lab_code: string
  subject: string
  occurred_at: string
  details: unknown
}

/** GET /api/v1/onsite-tests/{id}: the test with its current data version, photos, filings, violations. */
export interface OnsiteTestDetail extends OnsiteTest {
  /** The current data version's record (readings, files, conclusion, note). */
  data: OnsiteRecord | null
  photos: OnsitePhoto[]
  filings: ForceMajeureFiling[]
  violations: OnsiteViolation[]
}

export interface OnsiteReading {
  name: string
  value: string | number
  unit?: string
}

/** A version's record as the ledger keeps it: the start, the finish, a data upload. */
export interface OnsiteRecord {
  readings?: OnsiteReading[]
  files?: { sha256: string; name: string }[]
  conclusion?: string
  note?: string
  [field: string]: unknown
}

export interface BatchFilter {
  q: string
  project_id?: number
  lab_code: string
  locked: '' | 'true' | 'false'
}

export interface TestFilter {
  batch_id?: number
  project_id?: number
  lab_code?: string
  upload_status?: UploadStatus | ''
  flagged?: '' | 'true' | 'false'
}

export interface FilingFilter {
  status: FilingStatus | ''
}

export type Verdict = 'accept' | 'reject'

const id = (n: number) => enc(String(Math.trunc(n)))

export const onsiteApi = {
  components: (projectId: number, notify = true) =>
    getJson<Page<Component>>(`/api/v1/projects/${id(projectId)}/components${queryString({ limit: 500 })}`, { notify }),
  /** Refusals (`conflict` with details.fields.code = exists, invalid codes) are shown by the dialog. */
  registerComponent: (projectId: number, c: NewComponent) =>
    send<Component>(`/api/v1/projects/${id(projectId)}/components`, 'POST', c, false),

  batches: (f: BatchFilter, offset: number, limit: number) =>
    getJson<Page<OnsiteBatch>>(`/api/v1/onsite-batches${queryString({ ...f, offset, limit })}`),
  /** Not toasted: the page says "not found" itself. */
  batch: (batchId: number) => getJson<OnsiteBatchDetail>(`/api/v1/onsite-batches/${id(batchId)}`, { notify: false }),
  /** A regulator lifts the open lock with a reason; the dialog shows refusals. */
  unlock: (batchId: number, reason: string) =>
    send<OnsiteBatchDetail>(`/api/v1/onsite-batches/${id(batchId)}/unlock`, 'POST', { reason }, false),

  tests: (f: TestFilter, offset: number, limit: number, notify = true) =>
    getJson<Page<OnsiteTest>>(`/api/v1/onsite-tests${queryString({ ...f, offset, limit })}`, { notify }),
  test: (testId: number) => getJson<OnsiteTestDetail>(`/api/v1/onsite-tests/${id(testId)}`, { notify: false }),
  /**
   * The capture page's upload: the photo already in the blob store as `sha256`, with its stamp.
   * The same `key` on every attempt (the outbox retries). Errors are not toasted.
   */
  addPhoto: async (testId: number, sha256: string, stamp: PhotoStamp, key: string): Promise<OnsitePhoto> =>
    (
      await request(`/api/v1/onsite-tests/${id(testId)}/photos`, {
        method: 'POST',
        body: { sha256, stamp },
        notify: false,
        headers: { 'Idempotency-Key': key },
      })
    ).json() as Promise<OnsitePhoto>,
  /** A person's name for the pages (null, not toasted, when it cannot be read). */
  person: (personId: number) =>
    getJson<{ id: number; name: string }>(`/api/v1/people/${id(personId)}`, { notify: false }).catch(() => null),
  photoUrl: (photoId: number, size: 'thumb' | 'full') => `/api/v1/onsite-photos/${id(photoId)}/image${queryString({ size })}`,

  filings: (f: FilingFilter, offset: number, limit: number) =>
    getJson<Page<ForceMajeureFiling>>(`/api/v1/force-majeure${queryString({ ...f, offset, limit })}`),
  /** Regulators and stations accept or reject a filing with a reason; the dialog shows refusals. */
  decide: (filingId: number, verdict: Verdict, reason: string) =>
    send<ForceMajeureFiling>(`/api/v1/force-majeure/${id(filingId)}/decision`, 'POST', { verdict, reason }, false),
}
