// Times for people: Beijing time (UTC+8, no daylight saving since 1991), whatever the
// browser's own time zone, like the server's *_local fields.

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000

/** `2026-11-21 13:10:03` in UTC+8 for an RFC 3339 time; the text unchanged when unparsable. */
export function formatBeijing(rfc3339: string | null | undefined): string {
  if (!rfc3339) return ''
  const ms = Date.parse(rfc3339)
  if (Number.isNaN(ms)) return rfc3339
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

/** An RFC 3339 time read as UTC+8 wall-clock text: `2026-11-21T13:10:03` → `…+08:00`. */
export function beijingWallClockToRfc3339(wallClock: string): string {
  return `${wallClock}+08:00`
}

/** The date in Beijing `days` days from now, YYYY-MM-DD. */
export function beijingDate(days = 0): string {
  return new Date(Date.now() + SHANGHAI_OFFSET_MS + days * 86_400_000).toISOString().slice(0, 10)
}
