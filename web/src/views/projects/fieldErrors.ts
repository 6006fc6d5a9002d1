// The server's validation errors shown next to the fields of a form: details.fields maps a field
// path ("site.radius_m", "assignments[0].person_id") to a reason code or a rule in words, and
// details.reasons says why a witness cannot be assigned.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../../api/client'
import type { ValidationDetails } from '../../api/projects'

export function useFieldErrors() {
  const { t, te } = useI18n()
  const fields = ref<Record<string, string>>({})
  const reasons = ref<string[]>([])

  function clear(): void {
    fields.value = {}
    reasons.value = []
  }

  /** Takes the fields of `e`; true when it named any. */
  function take(e: ApiError): boolean {
    const details = (e.details ?? {}) as ValidationDetails
    fields.value = details.fields ?? {}
    reasons.value = details.reasons ?? []
    return Object.keys(fields.value).length > 0
  }

  function text(reason: string): string {
    const key = `projects.fieldError.${reason}`
    return te(key) ? t(key) : reason
  }

  /** The message for a field path or anything under it ("site.area" covers "site.area[3]"). */
  function of(...paths: string[]): string {
    for (const [field, reason] of Object.entries(fields.value)) {
      if (paths.some((p) => field === p || field.startsWith(`${p}.`) || field.startsWith(`${p}[`))) return text(reason)
    }
    return ''
  }

  /** Whether the server named `path` with `reason`. */
  function is(path: string, reason: string): boolean {
    return fields.value[path] === reason
  }

  /** A witness's obstacles in words (people.reasons). */
  function reasonTexts(): string[] {
    return reasons.value.map((r) => (te(`people.reasons.${r}`) ? t(`people.reasons.${r}`) : r))
  }

  return { fields, reasons, clear, take, of, is, reasonTexts }
}
