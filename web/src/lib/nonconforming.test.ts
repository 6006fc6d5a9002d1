// Unit tests of the non-conforming ledger's and report statistics' pure helpers (`npm test`).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { failingFigures, passRateText, statsSeries, strengthsDiffer, yearStart } from './nonconforming'

test('JJ-3.6: a test entry shows the conclusions and group strengths reported and recomputed', () => {
  const f = failingFigures({
    reported_conclusion: 'pass',
    recomputed_conclusion: 'fail',
    group_strength_mpa: '31.2',
    recomputed_group_strength_mpa: '22.30',
  })
  assert.deepEqual(f, {
    reported: 'pass',
    recomputed: 'fail',
    strength: '31.2',
    recomputedStrength: '22.30',
    reportNumber: null,
    reportConclusion: null,
  })
  assert.equal(strengthsDiffer(f), true)
  assert.equal(strengthsDiffer(failingFigures({ group_strength_mpa: '22.3', recomputed_group_strength_mpa: '22.30' })), false)
})

test('JJ-3.6: a report entry shows its number; missing, empty or odd details show nothing', () => {
  const f = failingFigures({ number: '360402-0001-2026-CL-000007', title: '报告', conclusion: 'fail' })
  assert.equal(f.reportNumber, '360402-0001-2026-CL-000007')
  assert.equal(f.reportConclusion, 'fail')
  for (const odd of [null, undefined, 'x', [1], { recomputed_conclusion: '', group_strength_mpa: null }]) {
    const empty = failingFigures(odd)
    assert.equal(empty.recomputed, null)
    assert.equal(empty.strength, null)
    assert.equal(strengthsDiffer(empty), false)
  }
})

test('JL-3.3: pass rates read as percentages with one decimal; none judged is a dash', () => {
  assert.equal(passRateText(0.9556), '95.6%')
  assert.equal(passRateText(1), '100.0%')
  assert.equal(passRateText(0), '0.0%')
  assert.equal(passRateText(null), '—')
})

test('JL-3.3: the chart lists months in time order and other groups by most reports', () => {
  const rows = [
    { key: '2026-01', issued: 2, passed: 1, failed: 1, pass_rate: 0.5 },
    { key: '2026-02', issued: 5, passed: 5, failed: 0, pass_rate: 1 },
    { key: '2026-03', issued: 0, passed: 0, failed: 0, pass_rate: null },
  ]
  const months = statsSeries(rows, true)
  assert.deepEqual(months.keys, ['2026-01', '2026-02', '2026-03'])
  assert.deepEqual(months.passRate, [50, 100, null])
  const labs = statsSeries(rows, false)
  assert.deepEqual(labs.keys, ['2026-02', '2026-01', '2026-03'])
  assert.deepEqual(labs.issued, [5, 2, 0])
  assert.equal(yearStart('2026-07-15'), '2026-01-01')
})
