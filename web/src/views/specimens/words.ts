// Words of the specimen chain shared by its pages: label states, receipt reasons, and the
// server's refusals in Chinese and English (the witness sees both: docs/specimens.md).
import { ApiError } from '../../api/client'
import type { LabelState } from '../../api/specimens'
import { i18n, type AppLocale } from '../../i18n'

export const STATE_TAG: Record<LabelState, 'info' | 'primary' | 'success' | 'danger'> = {
  free: 'info',
  bound: 'primary',
  received: 'success',
  refused: 'danger',
}

function text(locale: AppLocale, key: string, named: Record<string, unknown> = {}): string | null {
  const g = i18n.global
  return g.te(key, locale) ? g.t(key, named, { locale }) : null
}

/** A receipt reason or warning token in the UI language; the token itself when unknown. */
export function reasonText(token: string): string {
  return text(i18n.global.locale.value as AppLocale, `specimens.reason.${token}`) ?? token
}

/** A field path of the server's details.fields in words: `labels[1]` → "试件 2 的标签". */
function fieldName(locale: AppLocale, field: string): string {
  const specimen = /^labels\[(\d+)\]$/.exec(field)
  if (specimen) return text(locale, 'specimens.field.specimen', { n: Number(specimen[1]) + 1 }) ?? field
  return text(locale, `specimens.field.${field}`) ?? field
}

function errorIn(locale: AppLocale, e: ApiError): string {
  const details = (e.details ?? {}) as { fields?: Record<string, string>; reasons?: string[] }
  const head = text(locale, `specimens.error.${e.code}`) ?? (e.status === 0 ? text(locale, 'errors.network') : null)
  const parts: string[] = []
  for (const [field, reason] of Object.entries(details.fields ?? {})) {
    // A field refused with the error's own code (labels[1]: label_already_bound) is just named.
    if (reason === e.code && head) {
      if (/^labels\[\d+\]$/.test(field)) parts.push(fieldName(locale, field))
      continue
    }
    const why = text(locale, `specimens.fieldReason.${reason}`) ?? text(locale, `specimens.error.${reason}`) ?? reason
    parts.push(text(locale, 'specimens.error.field', { field: fieldName(locale, field), reason: why }) ?? `${field}: ${why}`)
  }
  for (const reason of details.reasons ?? []) {
    parts.push(text(locale, `specimens.witnessReason.${reason}`) ?? text(locale, `people.reasons.${reason}`) ?? reason)
  }
  const separator = locale === 'en' ? '; ' : '；'
  const first = head ?? (parts.length ? '' : (text(locale, 'specimens.error.other', { code: e.code }) ?? e.code))
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
