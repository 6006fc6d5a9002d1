// People of the registry (人员, issue 5 item 4): the API's types and calls. ID and phone numbers
// arrive masked; `unmask` asks for them in clear (regulators and stations only; audited).
import { ElMessage } from 'element-plus'
import { ApiError, currentCsrfToken, getJson, queryString, send } from './client'
import type { Page } from '../lib/pagedList'

export type Duty = 'tester' | 'witness' | 'sampler' | 'technical_lead' | 'quality_lead'
export const DUTIES: readonly Duty[] = ['tester', 'witness', 'sampler', 'technical_lead', 'quality_lead']
export type ExamState = 'none' | 'passed' | 'failed'

export interface Exam {
  state: ExamState
  taken_on: string | null
  score: number | null
}

export interface PersonCertificate {
  id: number
  kind: string
  number: string
  issuer: string
  valid_from: string
  valid_until: string
  valid_today: boolean
}

export interface Person {
  id: number
  name: string
  id_number: string
  phone: string
  masked: boolean
  lab_code: string | null
  organisation_id: number | null
  region_code: string
  duties: Duty[]
  trained_on: string | null
  exam: Exam
  verification: { verified_by: string; verified_at: string } | null
  authorisation: { sha256: string; media_type: string; valid_until: string | null; recorded_by: string; recorded_at: string } | null
  certificates: PersonCertificate[]
  witness: { assignable: boolean; reasons: string[] }
}

export interface PeopleFilter {
  q: string
  duty: Duty | ''
  id_number: string
  /** A lab's code: its staff only. */
  lab?: string
}

export interface NewPerson {
  name: string
  id_number: string
  phone: string
  lab_code?: string
  organisation_id?: number
  duties: Duty[]
  trained_on?: string
  exam?: Exam
}

export interface NewCertificate {
  kind: string
  number: string
  issuer: string
  valid_from: string
  valid_until: string
}

export interface UploadedBlob {
  sha256: string
  media_type: string
  size: number
}

const base = '/api/v1/people'

export const peopleApi = {
  list: (f: PeopleFilter, offset: number, limit: number) =>
    getJson<Page<Person>>(`${base}${queryString({ q: f.q || undefined, duty: f.duty || undefined, id_number: f.id_number || undefined, lab: f.lab || undefined, offset, limit })}`),
  get: (id: number) => getJson<Person>(`${base}/${id}`),
  /** The numbers in clear; the server audits each call. */
  unmask: (id: number) => getJson<Person>(`${base}/${id}?unmask=true`),
  create: (p: NewPerson) => send<Person>(base, 'POST', p),
  update: (id: number, patch: Record<string, unknown> & { reason: string }) => send<Person>(`${base}/${id}`, 'PATCH', patch),
  addCertificate: (id: number, c: NewCertificate) => send<Person>(`${base}/${id}/certificates`, 'POST', c),
  verify: (id: number, note: string) => send<Person>(`${base}/${id}/verification`, 'POST', { note }),
  authorise: (id: number, sha256: string, validUntil: string | null) =>
    send<Person>(`${base}/${id}/authorisation`, 'POST', { sha256, valid_until: validUntil || null }),
  /** Streams a file to the blob store (content-addressed); answers its record. */
  async upload(file: File): Promise<UploadedBlob> {
    const headers: Record<string, string> = { 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json' }
    const token = currentCsrfToken()
    if (token) headers['X-CSRF-Token'] = token
    const response = await fetch('/api/v1/blobs', { method: 'POST', headers, body: file, credentials: 'same-origin' })
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { code?: string; message?: string } | null
      const error = new ApiError(response.status, body?.code ?? `http_${response.status}`, body?.message ?? `HTTP ${response.status}`)
      ElMessage({ type: 'error', message: error.message, showClose: true })
      throw error
    }
    return (await response.json()) as UploadedBlob
  },
}
