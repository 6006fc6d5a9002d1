// Map-free entry of a project's site (issue 5 item 10): a polygon typed as one "lat,lng" pair a
// line (WGS-84 degrees, as a phone's map app copies them), read into points, and back.
import type { GeoPoint } from '../api/projects'

export type PolygonText = { ok: true; points: GeoPoint[] } | { ok: false; line: number; text: string }

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)`
/** "29.6831, 116.0021", "29.6831 116.0021" or with a full-width comma. */
const PAIR = new RegExp(String.raw`^(${NUMBER})\s*(?:[,，;；]\s*|\s+)(${NUMBER})$`)

/** One point a non-empty line; `line` (1-based) names the first that is not a pair in range. */
export function parsePolygon(text: string): PolygonText {
  const points: GeoPoint[] = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (!line) continue
    const m = PAIR.exec(line)
    const lat = m ? Number(m[1]) : NaN
    const lng = m ? Number(m[2]) : NaN
    if (!m || Math.abs(lat) > 90 || Math.abs(lng) > 180) return { ok: false, line: i + 1, text: line }
    points.push({ lat, lng })
  }
  return { ok: true, points }
}

export function polygonText(points: readonly GeoPoint[]): string {
  return points.map((p) => `${p.lat},${p.lng}`).join('\n')
}

/** "29.683000, 116.002000" (6 decimals: about 0.1 m). */
export function pointText(p: GeoPoint): string {
  return `${p.lat.toFixed(6)}, ${p.lng.toFixed(6)}`
}
