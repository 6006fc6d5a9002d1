// A project's rules and verdicts in words, shared by the detail page and the change-notice dialog.
import type { ComposerTranslation } from 'vue-i18n'
import type { ChangeNotice, WitnessChangeRule } from '../../api/projects'
import { formatBeijing } from '../../lib/time'

/** 须在变更生效前提前 3 个工作日报告 / 须在变更生效后 3 个工作日内报告. */
export function ruleText(t: ComposerTranslation, rule: WitnessChangeRule): string {
  return t(rule.timing === 'in_advance' ? 'projects.show.inAdvance' : 'projects.show.after', { n: rule.working_days })
}

/** 按时 / 逾期 N 个工作日. */
export function verdictTag(t: ComposerTranslation, notice: ChangeNotice): string {
  return notice.on_time ? t('projects.show.onTime') : t('projects.show.late', { n: notice.late_working_days })
}

/** The verdict with the due time, as a sentence. */
export function verdictText(t: ComposerTranslation, notice: ChangeNotice): string {
  const due = formatBeijing(notice.due_at)
  return notice.on_time ? t('projects.notice.onTime', { due }) : t('projects.notice.late', { n: notice.late_working_days, due })
}
