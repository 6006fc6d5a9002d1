// Words of the non-conforming ledger and report statistics pages (issue 9): statuses and their
// tags, materials and on-site categories, sources, the failing figures in a line.
import type { NonconformingStatus } from '../../api/nonconforming'
import { i18n } from '../../i18n'
import { failingFigures, strengthsDiffer } from '../../lib/nonconforming'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const STATUS_TAG: Record<NonconformingStatus, TagType> = { open: 'danger', retest: 'warning', handled: 'success' }

function known(key: string, values: Record<string, unknown> = {}): string | null {
  const g = i18n.global
  return g.te(key) ? g.t(key, values) : null
}

export function statusText(status: string): string {
  return known(`nonconforming.status.${status}`) ?? status
}

export function statusTag(status: string): TagType {
  return STATUS_TAG[status as NonconformingStatus] ?? 'info'
}

export function materialText(material: string): string {
  return known(`nonconforming.material.${material}`) ?? material
}

export function sourceText(source: string): string {
  return known(`nonconforming.source.${source}`) ?? source
}

/** A lab test item's name (an on-site item keeps its code). */
export function itemText(item: string): string {
  return known(`labTests.item.${item}`) ?? item
}

function conclusionText(c: string): string {
  return known(`labTests.conclusion.${c}`) ?? c
}

/** The failing figures of an entry's detail in one line, in the UI language. */
export function figuresText(detail: unknown): string {
  const t = i18n.global.t
  const f = failingFigures(detail)
  const parts: string[] = []
  if (f.reportNumber !== null) {
    parts.push(t('nonconforming.figures.report', { number: f.reportNumber, value: conclusionText(f.reportConclusion ?? '') }))
  }
  if (f.reported !== null) parts.push(t('nonconforming.figures.reported', { value: conclusionText(f.reported) }))
  if (f.recomputed !== null) parts.push(t('nonconforming.figures.recomputed', { value: conclusionText(f.recomputed) }))
  else if (f.reported !== null) parts.push(t('nonconforming.figures.notJudged'))
  if (f.strength !== null) parts.push(t('nonconforming.figures.strength', { value: f.strength }))
  // The recomputed strength only when it differs from the lab's.
  if (f.recomputedStrength !== null && (f.strength === null || strengthsDiffer(f))) parts.push(t('nonconforming.figures.recomputedStrength', { value: f.recomputedStrength }))
  return parts.join(i18n.global.locale.value === 'en' ? '; ' : '；')
}
