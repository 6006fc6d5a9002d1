// Notifications and webhooks (issue 9, JJ-3.6; docs/reports.md "Notifications and webhooks"):
// the caller's notices and their read marks, and the webhook endpoints the caller manages with
// their delivery logs. An endpoint's secret comes only in the answer that creates it.
import type { Page } from '../lib/pagedList'
import { getJson, queryString, send } from './client'

/** A notice as the notification centre lists it; `body` is also the webhook's `data`. */
export interface Notice {
  id: number
  /** nonconforming, report_revoked, announcement */
  kind: string
  subject: string
  title_zh: string
  title_en: string
  body: Record<string, unknown>
  lab_code: string
  sandbox: boolean
  created_at: string
  read: boolean
  read_at: string | null
}

export interface NoticeFilter {
  unread: boolean
}

export type OwnerKind = 'region' | 'organisation'
export type DeliveryStatus = 'pending' | 'delivered' | 'failed'
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed']

export interface WebhookEndpoint {
  id: number
  owner_kind: OwnerKind
  owner_id: string
  region_code: string
  url: string
  description: string
  active: boolean
  created_by: string
  created_at: string
  deactivated_by: string | null
  deactivated_at: string | null
  deliveries: { pending: number; delivered: number; failed: number }
}

/** The answer that registers an endpoint: the only place its secret appears. */
export interface CreatedWebhook extends WebhookEndpoint {
  secret: string
}

export interface NewWebhook {
  owner_kind: OwnerKind
  /** A region code, or an organisation's id. */
  owner_id: string | number
  url: string
  description?: string
}

export interface WebhookFilter {
  q: string
  /** '' for any. */
  active: '' | 'true' | 'false'
}

export interface WebhookAttempt {
  attempt: number
  at: string
  status_code: number | null
  error: string
  duration_ms: number
}

export interface WebhookDelivery {
  id: number
  /** X-Labwatch-Delivery: the same on every attempt. */
  delivery_id: string
  endpoint_id: number
  notice_id: number
  event: string
  status: DeliveryStatus
  attempts: number
  next_attempt_at: string | null
  last_status_code: number | null
  last_error: string
  created_at: string
  delivered_at: string | null
  log: WebhookAttempt[]
}

export interface DeliveryFilter {
  /** '' for any. */
  status: '' | DeliveryStatus
}

export const notificationsApi = {
  notices: (f: NoticeFilter, offset: number, limit: number) =>
    getJson<Page<Notice>>(`/api/v1/notifications${queryString({ unread: f.unread ? 'true' : '', offset, limit })}`),
  unreadCount: () => getJson<{ unread: number }>('/api/v1/notifications/unread-count', { notify: false }).then((r) => r.unread),
  markRead: (id: number) => send<Notice>(`/api/v1/notifications/${id}/read`, 'POST'),
  markAllRead: () => send<{ marked: number }>('/api/v1/notifications/read-all', 'POST').then((r) => r.marked),
  webhooks: (f: WebhookFilter, offset: number, limit: number) =>
    getJson<Page<WebhookEndpoint>>(`/api/v1/webhooks${queryString({ q: f.q, active: f.active, offset, limit })}`),
  createWebhook: (body: NewWebhook) => send<CreatedWebhook>('/api/v1/webhooks', 'POST', body),
  deactivateWebhook: (id: number) => send<WebhookEndpoint>(`/api/v1/webhooks/${id}`, 'DELETE'),
  testWebhook: (id: number) => send<WebhookDelivery>(`/api/v1/webhooks/${id}/test`, 'POST'),
  deliveries: (id: number, f: DeliveryFilter, offset: number, limit: number) =>
    getJson<Page<WebhookDelivery>>(`/api/v1/webhooks/${id}/deliveries${queryString({ status: f.status, offset, limit })}`),
}
