// Words of the lab test pages (issue 7): statuses and their tags, items, violation kinds and
// details, the server's refusals of a review, numbers with their units.
import { ApiError } from '../../api/client'
import type { TestStatus } from '../../api/labTests'
import { i18n } from '../../i18n'
import { displayLabelCode } from '../../lib/labelCode'
import { detailEntries, measure } from '../../lib/labTests'
import { formatBeijing } from '../../lib/time'
import { recordTypeLabel } from '../ledger/ledgerFormat'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export const STATUS_TAG: Record<TestStatus, TagType> = {
  running: 'primary',
  finished: 'warning',
  reviewed: 'success',
  rejected: 'danger',
  voided: 'info',
}

/** Violation kinds the pages name, in the filter's order. */
export const VIOLATION_KINDS = [
  'contract_late',
  'plan_late',
  'test_without_plan',
  'manual_replaces_auto',
  'equipment_not_usable',
  'data_anomaly',
  'curve_reused',
  'late_change_notice',
  // Issue 8, on-site tests.
  'onsite_upload_late',
  'onsite_upload_missed',
  'onsite_reupload',
  'photo_finding',
] as const

function known(key: string): string | null {
  const g = i18n.global
  return g.te(key) ? g.t(key) : null
}

export function statusText(status: string): string {
  return known(`labTests.status.${status}`) ?? status
}

export function statusTag(status: string): TagType {
  return STATUS_TAG[status as TestStatus] ?? 'info'
}

/** The item's name in the UI language; the server's bilingual name or the code when unknown. */
export function itemText(code: string | undefined, fallback = ''): string {
  if (!code) return fallback
  return known(`labTests.item.${code}`) ?? (fallback || code)
}

export function kindText(kind: string): string {
  return known(`labTests.violationKind.${kind}`) ?? kind
}

export function conclusionText(conclusion: string | null | undefined): string {
  if (!conclusion) return ''
  return known(`labTests.conclusion.${conclusion}`) ?? conclusion
}

/** A value of a specimen field: numbers as the lab sent them, tokens in words. */
export function fieldValue(key: string, value: unknown): string {
  if (value == null) return ''
  if (typeof value === 'number') return String(value)
  if (key === 'fracture_position' || key === 'fracture_mode') return known(`labTests.${key}.${String(value)}`) ?? String(value)
  return String(value)
}

/** A measurement (a number, or the ledger's decimal string) with at most a few decimals, or an em dash. */
export function num(value: number | string | null | undefined, digits = 2): string {
  const n = measure(value)
  if (n == null) return '—'
  return Number.isInteger(n) ? String(n) : n.toFixed(digits).replace(/\.?0+$/, '')
}

const TIME_KEYS = new Set(['received_at', 'started_at', 'finished_at', 'occurred_at', 'effective_at', 'filed_at', 'due_at'])
/** Specimens are numbered from 0 in the API, from 1 for people. */
const SPECIMEN_KEYS = new Set(['specimen', 'other.specimen'])
const ID_KEYS = new Set(['equipment_id', 'other.test_id'])

function detailValue(key: string, value: string): string {
  if (TIME_KEYS.has(key)) return formatBeijing(value)
  if (SPECIMEN_KEYS.has(key) && /^\d+$/.test(value)) return String(Number(value) + 1)
  if (ID_KEYS.has(key)) return `#${value}`
  if (key === 'label_code') return displayLabelCode(value)
  if (key === 'item') return itemText(value)
  if (key === 'duty') return known(`people.duty.${value}`) ?? value
  if (key === 'change_notice') return `#${value}`
  return value
}

/** What a violation is about: "检测合同 #2" for "test_contract 2". */
export function subjectText(subject: string): string {
  const m = /^(\S+) (\S+)$/.exec(subject)
  return m ? `${recordTypeLabel(m[1])} #${m[2]}` : subject
}

/** A violation's details in words: "签订日期 2026-02-10；截止日期 2026-02-24 …". */
export function detailsText(details: unknown): string {
  const separator = i18n.global.locale.value === 'en' ? '; ' : '；'
  return detailEntries(details)
    .map(([key, value]) => {
      const name = key ? (known(`labTests.detail.${key.replace('.', '_')}`) ?? key) : ''
      const text = detailValue(key, value)
      return name ? `${name} ${text}` : text
    })
    .join(separator)
}

/** The server's refusal of a review in the UI language, with the server's own message. */
export function reviewErrorText(e: ApiError): string {
  const fields = ((e.details ?? {}) as { fields?: Record<string, string> }).fields ?? {}
  const reason = fields.reviewer_id
  const head =
    (reason ? known(`labTests.reviewError.${reason}`) : null) ??
    known(`labTests.reviewError.${e.code}`) ??
    known('labTests.reviewError.other')
  if (!head) return e.message
  return i18n.global.locale.value === 'en' ? `${head} (${e.message})` : `${head}（${e.message}）`
}
