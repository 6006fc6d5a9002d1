// The one place the web UI talks to the labwatch server.
import { ElMessage } from 'element-plus'
import { currentLocale, i18n } from '../i18n'
import type { Checkpoint, LedgerInfo, Receipt } from '../lib/ledger'

/** The server's error envelope (architecture decision 10). */
export interface ErrorEnvelope {
  code: string
  message: string
  details?: unknown
  request_id?: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** GET /healthz */
export interface Health {
  status: 'ok'
  version: string
}

/** GET /readyz — 200 when ready, 503 with the same shape when not. */
export interface Readiness {
  status: 'ready' | 'not_ready'
  database: 'sqlite' | 'postgresql'
  schema_version: number
  latest_schema_version: number
}

/** A connectivity check (联调自检) as GET /api/v1/connectivity-checks lists it. */
export interface ConnectivityCheck {
  id: number
  lab_code: string
  message: string
  client_time: string | null
  received_at: string
  received_at_local: string
  clock_skew_ms: number | null
}

export type Role =
  | 'system_admin'
  | 'security_admin'
  | 'audit_admin'
  | 'regulator'
  | 'station_staff'
  | 'lab_admin'
  | 'lab_staff'
  | 'witness'
  | 'reviewer'

/** The signed-in user as /api/v1/auth/login and /api/v1/auth/me return it. */
export interface SessionUser {
  id?: number
  login: string
  display_name: string
  role: Role
  region_code?: string | null
  lab_code?: string | null
  must_change_password: boolean
  /** Absent from servers that predate TOTP enrolment. */
  totp_enrolled?: boolean
  /** True while the role needs TOTP and none is enrolled: only the enrolment page works. */
  totp_enrolment_required?: boolean
}

/** A row of the audit trail (GET /api/v1/audit-log). */
export interface AuditRow {
  seq: number
  at: string
  /** The same instant in UTC+8, e.g. 2026-11-21T13:10:03.123456+08:00. */
  at_local: string
  actor: string
  role: string
  source_ip: string
  request_id: string
  action: string
  target: string
  outcome: string
  details: string
}

/** Filters of the audit trail; empty members do not filter. */
export interface AuditFilter {
  actor?: string
  action?: string
  /** `ok`, an error code, or `not_ok` for every failure. */
  outcome?: string
  /** Substring of the target. */
  target?: string
  /** RFC 3339, inclusive. */
  from?: string
  to?: string
}

export interface AuditPage {
  items: AuditRow[]
  next_after_seq: number | null
}

/** GET /api/v1/roles */
export interface RoleInfo {
  role: Role
  name_zh: string
  name_en: string
  admin: boolean
  requires_totp: boolean
  /** What a user of the role is bound to: a region code, a lab code, or nothing. */
  scope: 'region' | 'lab' | 'none'
}

/** A user account as the administration API lists it. */
export interface UserAccount {
  id: number
  login: string
  display_name: string
  role: Role
  region_code: string | null
  lab_code: string | null
  disabled: boolean
  locked_until: string | null
  must_change_password: boolean
  totp_enrolled: boolean
  created_at: string
}

export interface NewUser {
  login: string
  display_name: string
  role: Role
  region_code?: string
  lab_code?: string
  password: string
}

export interface RoleChange {
  role: Role
  region_code?: string
  lab_code?: string
}

/** A testing lab (检测机构) as the lab registry lists it, with its connection status. */
export interface Lab {
  lab_code: string
  name: string
  region_code: string
  sandbox: boolean
  created_at: string
  active_keys: number
  credit_code: string
  credit_override: string | null
  address: string
  contact_name: string
  contact_phone: string
  technical_lead: string
  home_region_code: string
  out_of_province: boolean
  last_sent_at: string | null
  connection_status: 'connected' | 'keys_only' | 'not_connected'
}

/** A lab to register: the platform assigns its code (JJ-3.5). */
export interface NewLab {
  name: string
  region_code: string
  credit_code: string
  credit_override?: string
  home_region_code?: string
  address?: string
  contact_name?: string
  contact_phone?: string
  technical_lead?: string
}

export type LabKeyState = 'active' | 'retiring' | 'revoked'

export interface LabKey {
  key_id: string
  lab_code: string
  created_at: string
  expires_at: string | null
  revoked_at: string | null
  state: LabKeyState
}

/** A newly issued key: the secret is shown once and never again. */
export interface IssuedLabKey {
  key_id: string
  lab_code: string
  secret: string
  created_at: string
  /** Set when the key replaces another (rotation). */
  replaces?: string
  old_key_expires_at?: string
}

/** POST /api/v1/auth/totp/enrolment */
export interface TotpEnrolment {
  secret: string
  otpauth_uri: string
}

/** POST /api/v1/auth/login */
export interface LoginRequest {
  login: string
  password: string
  /** Dynamic code (TOTP, 6 digits) — required for admins and regulators. */
  totp?: string
}

export interface LoginResult {
  user: SessionUser
  csrf_token: string
}

/** GET /api/v1/auth/me */
export interface SessionInfo extends LoginResult {
  session?: {
    created_at: string
    expires_at: string
    idle_timeout_seconds: number
  }
}

/** GET /api/v1/ledger/records/{type}/{id}/history: every version, oldest first. */
export interface RecordHistory {
  record_type: string
  record_id: string
  versions: Receipt[]
}

/** GET /api/v1/ledger/proofs/inclusion */
export interface InclusionProof {
  index: number
  size: number
  proof: string[]
}

export const OPENAPI_URL = '/api/v1/openapi.yaml'

/** The codes with which the server refuses every call of a restricted or ended session. */
export type SessionProblem = 'password_change_required' | 'totp_enrolment_required' | 'unauthenticated'

const SESSION_PROBLEMS: readonly string[] = ['password_change_required', 'totp_enrolment_required', 'unauthenticated']

let onSessionProblem: ((code: SessionProblem) => void) | null = null

/**
 * Called when a call is refused because the session must first change its password or enrol
 * TOTP, or has ended (main.ts routes to the page that resolves it). /auth/* calls never trigger it.
 */
export function setSessionProblemHandler(handler: ((code: SessionProblem) => void) | null): void {
  onSessionProblem = handler
}

/** `?a=1&b=x` from the defined, non-empty values; "" when there are none. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    q.set(name, String(value))
  }
  const text = q.toString()
  return text ? `?${text}` : ''
}

interface RequestOptions {
  /** Statuses other than 2xx whose body is still the answer (e.g. 503 from /readyz). */
  acceptStatus?: number[]
  accept?: string
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Sent as JSON. */
  body?: unknown
  /** When false the caller shows errors itself (e.g. inline on the login form): no ElMessage. */
  notify?: boolean
  /** Extra request headers, e.g. an `Idempotency-Key` for a POST that creates a record. */
  headers?: Record<string, string>
}

/** The CSRF token of the current session; state-changing calls send it as X-CSRF-Token. */
let csrfToken: string | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** The CSRF token for a call `request` cannot make (a streamed file upload). */
export function currentCsrfToken(): string | null {
  return csrfToken
}

function isEnvelope(body: unknown): body is ErrorEnvelope {
  const b = body as Partial<ErrorEnvelope> | null
  return typeof b === 'object' && b !== null && typeof b.code === 'string' && typeof b.message === 'string'
}

async function errorFrom(response: Response): Promise<ApiError> {
  const t = i18n.global.t
  const body: unknown = await response.json().catch(() => null)
  if (isEnvelope(body)) {
    return new ApiError(response.status, body.code, body.message, body.request_id, body.details)
  }
  return new ApiError(response.status, `http_${response.status}`, t('errors.http', { status: response.status }))
}

function notify(error: ApiError): void {
  const message = error.requestId
    ? i18n.global.t('errors.withRequestId', { message: error.message, id: error.requestId })
    : error.message
  ElMessage({ type: 'error', message, grouping: true, showClose: true })
}

/** Fetches a path; failures are shown to the user via ElMessage and rethrown as ApiError. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = {
    Accept: options.accept ?? 'application/json',
    'Accept-Language': currentLocale.value,
    ...options.headers,
  }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  const shouldNotify = options.notify ?? true
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
    })
  } catch (cause) {
    const error = new ApiError(0, 'network', i18n.global.t('errors.network'), undefined, cause)
    if (shouldNotify) notify(error)
    throw error
  }
  if (!response.ok && !options.acceptStatus?.includes(response.status)) {
    const error = await errorFrom(response)
    const sessionProblem = !path.startsWith('/api/v1/auth/') && SESSION_PROBLEMS.includes(error.code)
    // The page that resolves it explains itself: no toast on top.
    if (shouldNotify && !sessionProblem) notify(error)
    if (sessionProblem) onSessionProblem?.(error.code as SessionProblem)
    throw error
  }
  return response
}

export async function send<T>(path: string, method: RequestOptions['method'], body?: unknown, notify = true): Promise<T> {
  const response = await request(path, { method, body, notify })
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

/** A download: the body as a Blob and the file name the server suggests. */
async function getBlob(path: string, accept: string, fallbackName: string): Promise<{ blob: Blob; fileName: string }> {
  const response = await request(path, { accept })
  const disposition = response.headers.get('Content-Disposition') ?? ''
  const named = /filename="?([^";]+)"?/i.exec(disposition)
  return { blob: await response.blob(), fileName: named?.[1] ?? fallbackName }
}

export const enc = encodeURIComponent

export async function getJson<T>(path: string, options?: RequestOptions): Promise<T> {
  return (await (await request(path, options)).json()) as T
}

async function getText(path: string, accept: string): Promise<string> {
  return (await request(path, { accept })).text()
}

export const api = {
  health: () => getJson<Health>('/healthz'),
  readiness: () => getJson<Readiness>('/readyz', { acceptStatus: [503] }),
  metrics: () => getText('/metrics', 'text/plain'),
  connectivityChecks: (limit = 20) =>
    getJson<{ items: ConnectivityCheck[] }>(`/api/v1/connectivity-checks?limit=${limit}`).then((r) => r.items),
  openApiSpec: () => getText(OPENAPI_URL, 'application/yaml, text/yaml, text/plain'),

  /** Signs in; errors are not shown as a toast — the login form shows them inline. */
  login: (credentials: LoginRequest) =>
    getJson<LoginResult>('/api/v1/auth/login', { method: 'POST', body: credentials, notify: false }),
  /** The current session; 401 `unauthenticated` (not shown) when nobody is signed in. */
  me: () => getJson<SessionInfo>('/api/v1/auth/me', { notify: false }),
  /** Ends the session on the server (204). */
  logout: async (): Promise<void> => {
    await request('/api/v1/auth/logout', { method: 'POST' })
  },
  /** 204; `password_incorrect` or `invalid_argument` (details.fields.new_password) for the form to show. */
  changePassword: (oldPassword: string, newPassword: string) =>
    send<void>('/api/v1/auth/password', 'POST', { old_password: oldPassword, new_password: newPassword }, false),
  /** A new secret to enrol (not active until confirmed). */
  startTotpEnrolment: () => send<TotpEnrolment>('/api/v1/auth/totp/enrolment', 'POST'),
  /** `totp_invalid` for a wrong code (shown by the form). */
  confirmTotpEnrolment: (code: string) =>
    send<{ totp_enrolled: boolean }>('/api/v1/auth/totp/enrolment/confirm', 'POST', { code }, false),

  auditLog: (filter: AuditFilter, afterSeq: number, limit: number) =>
    getJson<AuditPage>(`/api/v1/audit-log${queryString({ ...filter, after_seq: afterSeq || undefined, limit })}`),
  auditLogCsv: (filter: AuditFilter) =>
    getBlob(`/api/v1/audit-log/export.csv${queryString({ ...filter })}`, 'text/csv', 'labwatch-audit-log.csv'),

  roles: () => getJson<{ items: RoleInfo[] }>('/api/v1/roles').then((r) => r.items),
  users: (filter: { role?: string; q?: string; limit?: number }) =>
    getJson<{ items: UserAccount[] }>(`/api/v1/users${queryString(filter)}`).then((r) => r.items),
  /** Errors (`conflict`, `invalid_argument`, `duties_conflict`) are shown by the dialog. */
  createUser: (user: NewUser) => send<UserAccount>('/api/v1/users', 'POST', user, false),
  updateUser: (id: number, change: { display_name?: string; disabled?: boolean }) =>
    send<UserAccount>(`/api/v1/users/${id}`, 'PATCH', change),
  resetPassword: (id: number, password: string) =>
    send<void>(`/api/v1/users/${id}/password`, 'POST', { password }, false),
  unlockUser: (id: number) => send<void>(`/api/v1/users/${id}/unlock`, 'POST'),
  changeRole: (id: number, change: RoleChange) => send<UserAccount>(`/api/v1/users/${id}/role`, 'PUT', change, false),

  /** The first 500 labs in scope (the key page's list; the labs page pages with api/labs.ts). */
  labs: () => getJson<{ items: Lab[] }>('/api/v1/labs?limit=500').then((r) => r.items),
  createLab: (lab: NewLab) => send<Lab>('/api/v1/labs', 'POST', lab, false),
  setSandbox: (labCode: string, sandbox: boolean) => send<Lab>(`/api/v1/labs/${enc(labCode)}`, 'PATCH', { sandbox }),
  labKeys: (labCode: string) =>
    getJson<{ items: LabKey[] }>(`/api/v1/labs/${enc(labCode)}/keys`).then((r) => r.items),
  issueLabKey: (labCode: string) => send<IssuedLabKey>(`/api/v1/labs/${enc(labCode)}/keys`, 'POST'),
  rotateLabKey: (keyId: string) => send<IssuedLabKey>(`/api/v1/lab-keys/${enc(keyId)}/rotate`, 'POST'),
  revokeLabKey: (keyId: string) =>
    send<{ key_id: string; revoked_at: string }>(`/api/v1/lab-keys/${enc(keyId)}/revoke`, 'POST'),

  // The tamper-evident ledger (issue 4): public summary, checkpoints and proofs; scoped histories.
  ledger: () => getJson<LedgerInfo>('/api/v1/ledger'),
  /** The latest signed checkpoint; null (no toast) while the ledger is empty. */
  latestCheckpoint: async (): Promise<Checkpoint | null> => {
    const response = await request('/api/v1/ledger/checkpoints/latest', { acceptStatus: [404] })
    return response.status === 404 ? null : ((await response.json()) as Checkpoint)
  },
  /** Signs a checkpoint now when the ledger grew; the latest one otherwise. */
  signCheckpoint: () => send<Checkpoint>('/api/v1/ledger/checkpoints', 'POST'),
  inclusionProof: (index: number, size: number) =>
    getJson<InclusionProof>(`/api/v1/ledger/proofs/inclusion${queryString({ index, size })}`),
  receipt: (index: number) => getJson<Receipt>(`/api/v1/ledger/receipts/${index}`),
  /** 404 `not_found` (shown by the page, no toast) outside the caller's scope. */
  recordHistory: (type: string, id: string) =>
    getJson<RecordHistory>(`/api/v1/ledger/records/${enc(type)}/${enc(id)}/history`, { notify: false }),
}
