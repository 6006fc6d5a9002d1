// The pure part of the on-site pages (issue 8, docs/onsite.md): the stamp the capture page signs
// into a photo's upload, the component code a tester confirms, the phone's stable device id,
// the map-free location check of a photo, and the deadline's state. No Vue, no DOM:
// unit-tested with node's runner (onsite.test.ts).

export interface Point {
  lat: number
  lng: number
}

/** What the capture page knows at the moment the photo is taken. */
export interface CaptureFacts {
  /** The device's clock at capture. */
  at: Date
  position: Point | null
  testerId: number | null
  equipmentId: number | null
  componentCode: string
  device: string
}

/** The stamp of docs/onsite.md; fields the phone does not know are left out (the platform flags them). */
export interface Stamp {
  captured_at: string
  lat?: number
  lng?: number
  tester_id?: number
  equipment_id?: number
  component_code?: string
  device?: string
}

/** RFC 3339 in UTC without fractions: `2026-05-12T06:30:00Z`. */
export function rfc3339(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Degrees to 6 decimals (about 0.1 m). */
export function roundDegrees(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

export function captureStamp(f: CaptureFacts): Stamp {
  const stamp: Stamp = { captured_at: rfc3339(f.at) }
  if (f.position && Number.isFinite(f.position.lat) && Number.isFinite(f.position.lng)) {
    stamp.lat = roundDegrees(f.position.lat)
    stamp.lng = roundDegrees(f.position.lng)
  }
  if (f.testerId && f.testerId > 0) stamp.tester_id = f.testerId
  if (f.equipmentId && f.equipmentId > 0) stamp.equipment_id = f.equipmentId
  const code = f.componentCode.trim()
  if (code) stamp.component_code = code
  if (f.device) stamp.device = f.device
  return stamp
}

/** A component's code (JL-2.4): 1–64 of A-Z a-z 0-9 - _ / . */
const COMPONENT_CODE = /^[A-Za-z0-9\-_/.]{1,64}$/

export type CodeProblem = 'empty' | 'too_long' | 'characters'

export function componentCodeProblem(code: string): CodeProblem | null {
  const c = code.trim()
  if (!c) return 'empty'
  if (c.length > 64) return 'too_long'
  return COMPONENT_CODE.test(c) ? null : 'characters'
}

/**
 * The component code in what a scan of the component's mark gave: the text itself, or a link
 * naming it (`…/components/KZ-3-12`, `…?code=KZ-3-12`). Null when none reads as a code.
 */
export function codeFromMark(scanned: string): string | null {
  const text = scanned.trim()
  if (componentCodeProblem(text) === null) return text
  try {
    const url = new URL(text)
    const named = url.searchParams.get('code') ?? url.searchParams.get('component')
    if (named && componentCodeProblem(named) === null) return named.trim()
    const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '')
    if (last && componentCodeProblem(last) === null) return last
  } catch {
    // Not a link.
  }
  return null
}

/** Whether the tester's code names the test's component (the platform compares exactly). */
export function sameComponent(typed: string, recorded: string): boolean {
  return typed.trim() === recorded.trim()
}

export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

export const DEVICE_KEY = 'labwatch.device'

/**
 * This phone's id for the stamp: random, made once and kept (so the platform can compare a
 * device's photos with its earlier ones). Without storage a new id each time.
 */
export function deviceId(storage: KeyValueStore | null, random: () => string): string {
  try {
    const kept = storage?.getItem(DEVICE_KEY)
    if (kept && /^[A-Za-z0-9-]{8,64}$/.test(kept)) return kept
  } catch {
    // Storage refused (privacy mode): a new id.
  }
  const made = `web-${random()}`.slice(0, 64)
  try {
    storage?.setItem(DEVICE_KEY, made)
  } catch {
    // Not kept.
  }
  return made
}

interface FindingLike {
  kind: string
  evidence?: Record<string, unknown> | null
}

export type LocationCheck = { kind: 'inside' } | { kind: 'outside'; distance_m: number | null } | { kind: 'unknown' }

/**
 * The map-free location check of a photo: inside the site, or outside by the distance to the
 * site's edge the platform found (finding `outside_geofence`); unknown without a position.
 */
export function locationCheck(photo: { location: Point | null; findings: readonly FindingLike[] }): LocationCheck {
  const outside = photo.findings.find((f) => f.kind === 'outside_geofence')
  if (outside) {
    const d = Number(outside.evidence?.distance_m)
    return { kind: 'outside', distance_m: Number.isFinite(d) ? d : null }
  }
  return photo.location ? { kind: 'inside' } : { kind: 'unknown' }
}

/** "850 m", "1.3 km". */
export function distanceText(metres: number): string {
  if (metres < 1000) return `${Math.round(metres)} m`
  return `${(metres / 1000).toFixed(metres < 10_000 ? 1 : 0)} km`
}

export type DeadlineState =
  | { kind: 'not_finished' }
  | { kind: 'awaiting_clearance' }
  | { kind: 'remaining'; minutes: number }
  | { kind: 'passed'; minutes: number }
  | { kind: 'done' }

/**
 * Where a test stands against its deadline `now`: not finished, waiting for a force majeure's
 * clearance, minutes left, minutes past due (still incomplete), or nothing more awaited.
 */
export function deadlineState(
  t: { finished_at: string | null; due_at: string | null; deadline?: { awaiting_clearance?: boolean } | null; upload_status: string },
  now: number,
): DeadlineState {
  if (!t.finished_at || t.upload_status === 'open') return { kind: 'not_finished' }
  if (t.upload_status === 'on_time' || t.upload_status === 'late') return { kind: 'done' }
  if (t.deadline?.awaiting_clearance || !t.due_at) return { kind: 'awaiting_clearance' }
  const due = Date.parse(t.due_at)
  if (Number.isNaN(due)) return { kind: 'awaiting_clearance' }
  const minutes = Math.floor(Math.abs(due - now) / 60_000)
  return due >= now ? { kind: 'remaining', minutes } : { kind: 'passed', minutes }
}

/** Tests the capture page offers: unfinished and awaiting first, the nearest deadline first. */
export function captureOrder<T extends { id: number; upload_status: string; due_at: string | null; started_at: string }>(tests: readonly T[]): T[] {
  const rank = (t: T) => (t.upload_status === 'awaiting' ? 0 : 1)
  const due = (t: T) => (t.due_at ? Date.parse(t.due_at) : Number.POSITIVE_INFINITY)
  const seen = new Set<number>()
  return [...tests]
    .filter((t) => (seen.has(t.id) ? false : (seen.add(t.id), true)))
    .sort((a, b) => rank(a) - rank(b) || due(a) - due(b) || b.started_at.localeCompare(a.started_at))
}
