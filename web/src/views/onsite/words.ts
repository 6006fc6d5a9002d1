// Words of the on-site pages (issue 8): upload statuses and their tags, lock reasons, categories
// and items, finding kinds and their evidence, filing statuses, and the server's refusals in
// Chinese and English (the capture page keeps both with a refused photo).
import { ApiError } from '../../api/client'
import type { FilingStatus, PhotoFinding, UploadStatus } from '../../api/onsite'
import { i18n, type AppLocale } from '../../i18n'
import { detailEntries } from '../../lib/labTests'
import { distanceText, type DeadlineState } from '../../lib/onsite'
import { formatBeijing } from '../../lib/time'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export const UPLOAD_TAG: Record<UploadStatus, TagType> = {
  open: 'primary',
  awaiting: 'warning',
  on_time: 'success',
  late: 'danger',
  missed: 'danger',
}

export const FILING_TAG: Record<FilingStatus, TagType> = {
  pending: 'warning',
  accepted: 'success',
  rejected: 'danger',
}

function known(key: string, named: Record<string, unknown> = {}, locale?: AppLocale): string | null {
  const g = i18n.global
  const l = locale ?? (g.locale.value as AppLocale)
  return g.te(key, l) ? g.t(key, named, { locale: l }) : null
}

export function uploadText(status: string): string {
  return known(`onsite.upload.${status}`) ?? status
}

export function uploadTag(status: string): TagType {
  return UPLOAD_TAG[status as UploadStatus] ?? 'info'
}

export function lockReasonText(reason: string): string {
  return known(`onsite.lockReason.${reason}`) ?? reason
}

export function categoryText(code: string): string {
  return known(`onsite.category.${code}`) ?? code
}

/** The item as the server names it, else its code. */
export function itemText(code: string, name?: string): string {
  return name || code
}

export function filingText(status: string): string {
  return known(`onsite.filing.status.${status}`) ?? status
}

export function filingTag(status: string): TagType {
  return FILING_TAG[status as FilingStatus] ?? 'info'
}

export function findingKindText(kind: string): string {
  return known(`onsite.finding.${kind}`) ?? kind
}

/** The finding's message in the UI language (the server sends both). */
export function findingMessage(f: PhotoFinding): string {
  return i18n.global.locale.value === 'en' ? f.message_en || f.message_zh : f.message_zh || f.message_en
}

const TIME_KEYS = new Set(['captured_at', 'window_start', 'window_end', 'due_at', 'received_at'])

/** A finding's evidence in words: "拍摄时间 2026-05-12 14:30:00；窗口开始 …". */
export function evidenceText(evidence: unknown): string {
  const separator = i18n.global.locale.value === 'en' ? '; ' : '；'
  return detailEntries(evidence)
    .map(([key, value]) => {
      const name = key ? (known(`onsite.evidence.${key.replace('.', '_')}`) ?? key) : ''
      let text = value
      if (TIME_KEYS.has(key)) text = formatBeijing(value)
      else if (key === 'distance_m' && Number.isFinite(Number(value))) text = distanceText(Number(value))
      else if (key === 'other.photo_id' || key === 'other.test_id' || key === 'other.project_id') text = `#${value}`
      return name ? `${name} ${text}` : text
    })
    .join(separator)
}

export function deadlineText(state: DeadlineState, dueAt: string | null): string {
  const t = i18n.global.t
  switch (state.kind) {
    case 'not_finished':
      return t('onsite.deadline.notFinished')
    case 'awaiting_clearance':
      return t('onsite.deadline.awaitingClearance')
    case 'remaining':
      return t('onsite.deadline.remaining', { time: formatBeijing(dueAt), minutes: state.minutes })
    case 'passed':
      return t('onsite.deadline.passed', { time: formatBeijing(dueAt), minutes: state.minutes })
    case 'done':
      return t('onsite.deadline.due', { time: formatBeijing(dueAt) })
  }
}

function errorIn(locale: AppLocale, e: ApiError): string {
  const details = (e.details ?? {}) as { fields?: Record<string, string>; reasons?: string[] }
  const head = known(`onsite.error.${e.code}`, {}, locale) ?? (e.status === 0 ? known('errors.network', {}, locale) : null)
  const parts: string[] = []
  for (const [field, reason] of Object.entries(details.fields ?? {})) {
    parts.push(`${known(`onsite.field.${field}`, {}, locale) ?? field}: ${known(`onsite.fieldReason.${reason}`, {}, locale) ?? reason}`)
  }
  for (const reason of details.reasons ?? []) parts.push(known(`onsite.refusal.${reason}`, {}, locale) ?? reason)
  const separator = locale === 'en' ? '; ' : '；'
  const first = head ?? e.message
  return [first, parts.join(separator)].filter(Boolean).join(locale === 'en' ? ': ' : '：')
}

/** The server's refusal in both languages, Chinese first. */
export function bilingualError(e: ApiError): { zh: string; en: string } {
  return { zh: errorIn('zh-CN', e), en: errorIn('en', e) }
}

/** The server's refusal in the UI language. */
export function errorText(e: ApiError): string {
  return errorIn(i18n.global.locale.value as AppLocale, e)
}
