// The pure part of the non-conforming ledger and report statistics pages (issue 9; JJ-3.6,
// JL-3.3): the failing figures of an entry's `detail`, pass rates as people read them, and the
// chart's series from the statistics' rows. Unit-tested with node's runner
// (nonconforming.test.ts).

/** The failing figures of an entry, as the platform recorded them (decimal strings kept as sent). */
export interface FailingFigures {
  /** The lab's conclusion (test entries). */
  reported: string | null
  /** The platform's conclusion by the standard (test entries); null when it could not judge. */
  recomputed: string | null
  /** The group's representative strength as the lab reported it, MPa. */
  strength: string | null
  /** … as the platform recomputed it, MPa. */
  recomputedStrength: string | null
  /** A failed report's number and conclusion (report entries). */
  reportNumber: string | null
  reportConclusion: string | null
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

/** Reads an entry's `detail` (null or any object) without trusting its shape. */
export function failingFigures(detail: unknown): FailingFigures {
  const d = detail !== null && typeof detail === 'object' && !Array.isArray(detail) ? (detail as Record<string, unknown>) : {}
  return {
    reported: text(d.reported_conclusion),
    recomputed: text(d.recomputed_conclusion),
    strength: text(d.group_strength_mpa),
    recomputedStrength: text(d.recomputed_group_strength_mpa),
    reportNumber: text(d.number),
    reportConclusion: text(d.conclusion),
  }
}

/** True when the lab's strength and the platform's differ (as numbers: "22.30" equals "22.3"). */
export function strengthsDiffer(f: FailingFigures): boolean {
  if (f.strength === null || f.recomputedStrength === null) return false
  return Number(f.strength) !== Number(f.recomputedStrength)
}

/** A pass rate (0–1, or null when nothing was judged) as a percentage with one decimal: "95.5%". */
export function passRateText(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—'
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}

/** The chart's data: categories and one value list per series; the rate in percent (or null). */
export interface StatsSeries {
  keys: string[]
  issued: number[]
  passed: number[]
  failed: number[]
  passRate: (number | null)[]
}

export interface StatsRowLike {
  key: string
  issued: number
  passed: number
  failed: number
  pass_rate: number | null
}

/** Months in time order; the other groups by most reports first, then by key. */
export function statsSeries(rows: readonly StatsRowLike[], byTime: boolean): StatsSeries {
  const sorted = [...rows].sort((a, b) => (byTime ? 0 : b.issued - a.issued) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return {
    keys: sorted.map((r) => r.key),
    issued: sorted.map((r) => r.issued),
    passed: sorted.map((r) => r.passed),
    failed: sorted.map((r) => r.failed),
    passRate: sorted.map((r) => (r.pass_rate === null ? null : Math.round(r.pass_rate * 1000) / 10)),
  }
}

/** The first day of the Beijing year of `today` (YYYY-MM-DD). */
export function yearStart(today: string): string {
  return `${today.slice(0, 4)}-01-01`
}
