// Reads the Prometheus text exposition format (version 0.0.4) served at /metrics.
// Pure functions only, so they can be tested without a browser.

export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

const SAMPLE_LINE = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/
const LABEL_NAME = /^\s*,?\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"/

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity
  if (text === '-Inf') return -Infinity
  return Number(text)
}

/** Parses `a="x",b="y\"z"`; returns null when the label set is malformed. */
export function parseLabels(text: string): Record<string, string> | null {
  const labels: Record<string, string> = {}
  let rest = text
  while (rest.trim() !== '' && rest.trim() !== ',') {
    const name = LABEL_NAME.exec(rest)
    if (!name) return null
    let i = name[0].length
    let value = ''
    for (; i < rest.length && rest[i] !== '"'; i++) {
      if (rest[i] === '\\' && i + 1 < rest.length) {
        i++
        value += rest[i] === 'n' ? '\n' : rest[i]
      } else {
        value += rest[i]
      }
    }
    if (i >= rest.length) return null
    labels[name[1]] = value
    rest = rest.slice(i + 1)
  }
  return labels
}

/** All samples in the text; comments, blank and malformed lines are skipped. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const match = SAMPLE_LINE.exec(line)
    if (!match) continue
    const labels = match[2] === undefined ? {} : parseLabels(match[2])
    const value = parseValue(match[3])
    if (labels === null || Number.isNaN(value)) continue
    samples.push({ name: match[1], labels, value })
  }
  return samples
}

export interface LabelTotal {
  label: string
  total: number
}

/** Sums one metric's finite samples by one label, largest first (ties by label). */
export function sumByLabel(samples: readonly Sample[], metric: string, label: string): LabelTotal[] {
  const totals = new Map<string, number>()
  for (const s of samples) {
    if (s.name !== metric || !Number.isFinite(s.value)) continue
    const key = s.labels[label] ?? ''
    totals.set(key, (totals.get(key) ?? 0) + s.value)
  }
  return [...totals]
    .map(([key, total]) => ({ label: key, total }))
    .sort((a, b) => b.total - a.total || a.label.localeCompare(b.label))
}

/** The request counter the server exports, summed per route. */
export function requestsByRoute(metricsText: string): LabelTotal[] {
  return sumByLabel(parsePrometheusText(metricsText), 'labwatch_http_requests_total', 'route')
}
