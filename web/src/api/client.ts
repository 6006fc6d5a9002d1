// The one place the web UI talks to the labwatch server.
import { ElMessage } from 'element-plus'
import { currentLocale, i18n } from '../i18n'

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
  login: string
  display_name: string
  role: Role
  region_code?: string | null
  lab_code?: string | null
  must_change_password: boolean
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

export const OPENAPI_URL = '/api/v1/openapi.yaml'

interface RequestOptions {
  /** Statuses other than 2xx whose body is still the answer (e.g. 503 from /readyz). */
  acceptStatus?: number[]
  accept?: string
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Sent as JSON. */
  body?: unknown
  /** When false the caller shows errors itself (e.g. inline on the login form): no ElMessage. */
  notify?: boolean
}

/** The CSRF token of the current session; state-changing calls send it as X-CSRF-Token. */
let csrfToken: string | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
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
async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = {
    Accept: options.accept ?? 'application/json',
    'Accept-Language': currentLocale.value,
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
    if (shouldNotify) notify(error)
    throw error
  }
  return response
}

async function getJson<T>(path: string, options?: RequestOptions): Promise<T> {
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
}
