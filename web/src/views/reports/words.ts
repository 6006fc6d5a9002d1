// Words of the report pages (issue 9): statuses and their tags, conclusions, kinds, the
// structured content's fields.
import type { ReportStatus } from '../../api/reports'
import { i18n } from '../../i18n'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export const STATUS_TAG: Record<ReportStatus, TagType> = {
  valid: 'success',
  revoked: 'danger',
  superseded: 'warning',
}

function known(key: string): string | null {
  const g = i18n.global
  return g.te(key) ? g.t(key) : null
}

export function statusText(status: string): string {
  return known(`reports.status.${status}`) ?? status
}

export function statusTag(status: string): TagType {
  return STATUS_TAG[status as ReportStatus] ?? 'info'
}

export function conclusionText(conclusion: string): string {
  return known(`reports.conclusion.${conclusion}`) ?? conclusion
}

export function kindText(kind: string): string {
  return known(`reports.kind.${kind}`) ?? kind
}
