// The pure part of the lab test pages (issue 7): the live feed's events, the curves that grow as
// readings arrive, the board of tests in progress and just finished, and small helpers of the
// test record. No Vue, no DOM: unit-tested with node's runner (labTests.test.ts).

/** `event: test`: a test started, finished, was reviewed, changed or voided. */
export interface LiveTestEvent {
  test_id: number
  lab_code: string
  status: string
  version: number
  /** lab_test.start, lab_test.finish, lab_test.review, lab_test.change, lab_test.void */
  action: string
  project_id?: number
  item?: string
  grade?: string
  anomalies?: number
  /** The number of specimens. */
  specimens?: number
}

/** A point of a curve: [time s, force kN]. */
export type CurvePoint = [number, number]

/** `event: readings`: a chunk of a running test's readings for one specimen. */
export interface LiveReadingsEvent {
  test_id: number
  specimen: number
  seq: number
  points: CurvePoint[]
}

function parseObject(data: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(data)
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)
const optional = <T>(v: unknown, ok: (x: unknown) => x is T): T | undefined => (ok(v) ? v : undefined)
const isString = (v: unknown): v is string => typeof v === 'string'

/** The data of an `event: test`; null when it is not one. */
export function parseTestEvent(data: string): LiveTestEvent | null {
  const o = parseObject(data)
  if (!o || !isInt(o.test_id) || !isString(o.status)) return null
  return {
    test_id: o.test_id,
    lab_code: isString(o.lab_code) ? o.lab_code : '',
    status: o.status,
    version: isInt(o.version) ? o.version : 0,
    action: isString(o.action) ? o.action : '',
    project_id: optional(o.project_id, isInt),
    item: optional(o.item, isString),
    grade: optional(o.grade, isString),
    anomalies: optional(o.anomalies, isInt),
    specimens: optional(o.specimens, isInt),
  }
}

/** The data of an `event: readings`; null when it is not one. Rows that are not two finite numbers are left out. */
export function parseReadingsEvent(data: string): LiveReadingsEvent | null {
  const o = parseObject(data)
  if (!o || !isInt(o.test_id) || !isInt(o.specimen) || !isInt(o.seq) || !Array.isArray(o.points)) return null
  const points: CurvePoint[] = []
  for (const row of o.points as unknown[]) {
    if (Array.isArray(row) && Number.isFinite(row[0]) && Number.isFinite(row[1])) points.push([row[0] as number, row[1] as number])
  }
  return { test_id: o.test_id, specimen: o.specimen, seq: o.seq, points }
}

/** Points a live series keeps at most; beyond, it is thinned to half (the peak stays). */
export const MAX_LIVE_POINTS = 6000

/**
 * A specimen's curve as a chart draws it: plain arrays (no Vue reactivity on thousands of
 * points). `version` counts the changes; `listeners` (the charts showing it) hear of each.
 */
export interface CurveSeries {
  name: string
  points: CurvePoint[]
  /** Chunks (seq) already appended from the live feed. */
  seqs: Set<number>
  version: number
  listeners: Set<() => void>
}

export function newSeries(name: string, points: CurvePoint[] = []): CurveSeries {
  return { name, points, seqs: new Set(), version: 0, listeners: new Set() }
}

/** Tells the charts showing `series` that it changed. */
export function touch(series: CurveSeries): void {
  series.version++
  for (const listener of series.listeners) listener()
}

/** [t, f] pairs of a curve as the API answers it (channels of equal length). */
export function curvePoints(curve: { t_s: readonly number[]; force_kn: readonly number[] }): CurvePoint[] {
  const n = Math.min(curve.t_s.length, curve.force_kn.length)
  const out: CurvePoint[] = new Array(n)
  for (let i = 0; i < n; i++) out[i] = [curve.t_s[i], curve.force_kn[i]]
  return out
}

const lastTime = (points: readonly CurvePoint[]) => (points.length ? points[points.length - 1][0] : -Infinity)

/**
 * Halves a series that grew past `max` points: of each pair the one with the larger force (so
 * the peak survives), the first and last points kept.
 */
export function thin(points: CurvePoint[], max = MAX_LIVE_POINTS): CurvePoint[] {
  if (points.length <= max) return points
  const out: CurvePoint[] = [points[0]]
  for (let i = 1; i < points.length - 1; i += 2) {
    const a = points[i]
    const b = i + 1 < points.length - 1 ? points[i + 1] : a
    out.push(b[1] > a[1] ? b : a)
  }
  out.push(points[points.length - 1])
  return out
}

/**
 * Appends a chunk of live readings: a chunk seen before is skipped, and so are points not later
 * than the series' last one (already in a snapshot loaded meanwhile). Returns the points added.
 */
export function appendReadings(series: CurveSeries, seq: number, points: readonly CurvePoint[], max = MAX_LIVE_POINTS): number {
  if (series.seqs.has(seq)) return 0
  series.seqs.add(seq)
  let last = lastTime(series.points)
  let added = 0
  for (const p of points) {
    if (p[0] > last) {
      series.points.push(p)
      last = p[0]
      added++
    }
  }
  if (series.points.length > max) series.points = thin(series.points, max)
  return added
}

/**
 * Takes a snapshot of the curve so far (GET …/curves/{i}, maybe downsampled) in place of what
 * the series holds up to its last time; live points after it stay.
 */
export function mergeSnapshot(series: CurveSeries, snapshot: CurvePoint[]): void {
  const cut = lastTime(snapshot)
  const tail = series.points.filter((p) => p[0] > cut)
  series.points = snapshot.concat(tail)
}

/** A test on the live page. */
export interface BoardTest {
  id: number
  lab_code: string
  status: string
  version: number
  project_id?: number
  item?: string
  grade?: string
  anomalies: number
  specimens: number
  /** When the page last heard of it (ms). */
  at: number
}

/** Tests in progress, and those that finished while the page was open (newest first). */
export interface Board {
  running: Map<number, BoardTest>
  finished: BoardTest[]
}

/** Tests the "just finished" list keeps. */
export const MAX_FINISHED = 20

export function newBoard(): Board {
  return { running: new Map(), finished: [] }
}

function merged(before: BoardTest | undefined, e: LiveTestEvent, now: number): BoardTest {
  return {
    id: e.test_id,
    lab_code: e.lab_code || before?.lab_code || '',
    status: e.status,
    version: e.version || before?.version || 0,
    project_id: e.project_id ?? before?.project_id,
    item: e.item ?? before?.item,
    grade: e.grade ?? before?.grade,
    anomalies: e.anomalies ?? before?.anomalies ?? 0,
    specimens: e.specimens ?? before?.specimens ?? 0,
    at: now,
  }
}

export type BoardChange = 'started' | 'updated' | 'finished' | 'ignored'

/**
 * What a test event does to the board: a running test is added or updated; a finished one
 * leaves the running tests for the top of "just finished"; a later review or void of a test
 * there updates it. Events of other tests that are not running are ignored.
 */
export function applyTestEvent(board: Board, e: LiveTestEvent, now = Date.now()): BoardChange {
  const running = board.running.get(e.test_id)
  if (e.status === 'running') {
    board.running.set(e.test_id, merged(running, e, now))
    return running ? 'updated' : 'started'
  }
  const at = board.finished.findIndex((t) => t.id === e.test_id)
  const before = running ?? (at >= 0 ? board.finished[at] : undefined)
  if (!before && e.status !== 'finished') return 'ignored'
  board.running.delete(e.test_id)
  if (at >= 0) board.finished.splice(at, 1)
  board.finished.unshift(merged(before, e, now))
  if (board.finished.length > MAX_FINISHED) board.finished.length = MAX_FINISHED
  return running || at < 0 ? 'finished' : 'updated'
}

/** A measurement of a record (a decimal string in the ledger, or a number) as a number; null when none. */
export function measure(v: string | number | null | undefined): number | null {
  if (v == null || v === '') return null
  const n = typeof v === 'number' ? v : Number(v)
  return Number.isFinite(n) ? n : null
}

/** The relative difference of the reported value from the recomputed one, in percent; null when not defined. */
export function relativeDifference(reported: string | number | null | undefined, recomputed: string | number | null | undefined): number | null {
  const r = measure(reported)
  const c = measure(recomputed)
  if (r == null || c == null || c === 0) return null
  return ((r - c) / Math.abs(c)) * 100
}

/** The raw values and reported results a specimen may carry, in table order. */
export const SPECIMEN_FIELDS = [
  { key: 'length_mm', group: 'raw', unit: 'mm' },
  { key: 'width_mm', group: 'raw', unit: 'mm' },
  { key: 'height_mm', group: 'raw', unit: 'mm' },
  { key: 'diameter_mm', group: 'raw', unit: 'mm' },
  { key: 'gauge_length_mm', group: 'raw', unit: 'mm' },
  { key: 'final_length_mm', group: 'raw', unit: 'mm' },
  { key: 'peak_load_kn', group: 'raw', unit: 'kN' },
  { key: 'yield_load_kn', group: 'raw', unit: 'kN' },
  { key: 'agt_percent', group: 'raw', unit: '%' },
  { key: 'fracture_position', group: 'raw', unit: '' },
  { key: 'fracture_mode', group: 'raw', unit: '' },
  { key: 'strength_mpa', group: 'reported', unit: 'MPa' },
  { key: 'yield_strength_mpa', group: 'reported', unit: 'MPa' },
  { key: 'elongation_percent', group: 'reported', unit: '%' },
] as const
export type SpecimenField = (typeof SPECIMEN_FIELDS)[number]

/** The fields at least one of the specimens has, in table order. */
export function presentFields(specimens: readonly object[]): SpecimenField[] {
  return SPECIMEN_FIELDS.filter((f) => specimens.some((s) => (s as Record<string, unknown>)[f.key] != null))
}

interface VersionLike<R> {
  version: number
  record: R
}

/**
 * The version record whose results (and anomalies) a record page shows: the current one, else
 * (a void carries none) the latest version's that has them.
 */
export function resultsRecord<R extends { results?: unknown }>(current: R, versions: readonly VersionLike<R>[]): R | undefined {
  if (current.results) return current
  for (let i = versions.length - 1; i >= 0; i--) {
    if (versions[i].record.results) return versions[i].record
  }
  return undefined
}

/** The id of the test a violation is about ("lab_test 12" → 12), else null. */
export function subjectTestId(subject: string): number | null {
  const m = /^lab_test (\d+)$/.exec(subject)
  return m ? Number(m[1]) : null
}

/**
 * A violation's details as [name, text] pairs: nested objects flattened one level
 * ("other.test_id"), lists of objects counted.
 */
export function detailEntries(details: unknown): [string, string][] {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    return details == null ? [] : [['', JSON.stringify(details)]]
  }
  const out: [string, string][] = []
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    if (value == null) continue
    if (Array.isArray(value)) {
      // Lists (the anomalies of a data_anomaly) are counted; the test record shows them.
      out.push([key, value.every((v) => typeof v !== 'object') ? value.join(', ') : String(value.length)])
    } else if (typeof value === 'object') {
      for (const [inner, v] of Object.entries(value as Record<string, unknown>)) {
        if (v != null) out.push([`${key}.${inner}`, typeof v === 'object' ? JSON.stringify(v) : String(v)])
      }
    } else {
      out.push([key, String(value)])
    }
  }
  return out
}
