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

export const OPENAPI_URL = '/api/v1/openapi.yaml'

interface RequestOptions {
  /** Statuses other than 2xx whose body is still the answer (e.g. 503 from /readyz). */
  acceptStatus?: number[]
  accept?: string
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
  let response: Response
  try {
    response = await fetch(path, {
      headers: { Accept: options.accept ?? 'application/json', 'Accept-Language': currentLocale.value },
    })
  } catch (cause) {
    const error = new ApiError(0, 'network', i18n.global.t('errors.network'), undefined, cause)
    notify(error)
    throw error
  }
  if (!response.ok && !options.acceptStatus?.includes(response.status)) {
    const error = await errorFrom(response)
    notify(error)
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
}
