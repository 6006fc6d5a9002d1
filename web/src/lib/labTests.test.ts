// Unit tests of the lab test pages' pure logic (`npm test`): the live feed's events, live
// curves, the board of tests, record helpers.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  appendReadings,
  applyTestEvent,
  curvePoints,
  detailEntries,
  MAX_FINISHED,
  measure,
  mergeSnapshot,
  newBoard,
  newSeries,
  parseReadingsEvent,
  parseTestEvent,
  presentFields,
  relativeDifference,
  resultsRecord,
  subjectTestId,
  thin,
  touch,
  type CurvePoint,
  type LiveTestEvent,
} from './labTests'

test('a test event as the server sends it is read; anything else is not', () => {
  const data = JSON.stringify({
    test_id: 7,
    lab_code: '360402-0001',
    project_id: 3,
    item: 'concrete_compression',
    grade: 'C30',
    status: 'running',
    version: 1,
    anomalies: 0,
    specimens: 3,
    action: 'lab_test.start',
  })
  assert.deepEqual(parseTestEvent(data), {
    test_id: 7,
    lab_code: '360402-0001',
    project_id: 3,
    item: 'concrete_compression',
    grade: 'C30',
    status: 'running',
    version: 1,
    anomalies: 0,
    specimens: 3,
    action: 'lab_test.start',
  })
  // A review's event carries fewer fields.
  const review = parseTestEvent('{"test_id":7,"lab_code":"x","status":"reviewed","version":2,"action":"lab_test.review"}')
  assert.equal(review?.status, 'reviewed')
  assert.equal(review?.item, undefined)
  assert.equal(parseTestEvent('not json'), null)
  assert.equal(parseTestEvent('[1,2]'), null)
  assert.equal(parseTestEvent('{"test_id":"7","status":"running"}'), null)
})

test('a readings event keeps its rows of two finite numbers', () => {
  const e = parseReadingsEvent('{"test_id":7,"specimen":1,"seq":0,"points":[[0,0],[0.01,1.5],["x",2],[0.03],[0.04,2.5,0.1]]}')
  assert.deepEqual(e, { test_id: 7, specimen: 1, seq: 0, points: [[0, 0], [0.01, 1.5], [0.04, 2.5]] })
  assert.equal(parseReadingsEvent('{"test_id":7,"specimen":1,"points":[]}'), null)
})

test('live readings are appended once per chunk, in time order, and the charts are told', () => {
  const s = newSeries('试件 1')
  let heard = 0
  s.listeners.add(() => heard++)
  assert.equal(appendReadings(s, 0, [[0, 0], [0.01, 1]]), 2)
  assert.equal(appendReadings(s, 0, [[0, 0], [0.01, 1]]), 0, 'a repeated chunk adds nothing')
  assert.equal(appendReadings(s, 1, [[0.01, 1], [0.02, 2]]), 1, 'points not after the last are skipped')
  touch(s)
  assert.deepEqual(s.points, [[0, 0], [0.01, 1], [0.02, 2]])
  assert.equal(s.version, 1)
  assert.equal(heard, 1)
})

test('a snapshot loaded while readings arrive replaces what it covers and keeps the later points', () => {
  const s = newSeries('试件 1')
  appendReadings(s, 5, [[0.5, 5], [0.6, 6]])
  mergeSnapshot(s, curvePoints({ t_s: [0, 0.25, 0.5], force_kn: [0, 2.5, 5] }))
  assert.deepEqual(s.points, [[0, 0], [0.25, 2.5], [0.5, 5], [0.6, 6]])
  appendReadings(s, 6, [[0.6, 6], [0.7, 7]])
  assert.deepEqual(s.points.at(-1), [0.7, 7])
})

test('a long live series is thinned to half, its peak, first and last points kept', () => {
  const points: CurvePoint[] = []
  for (let i = 0; i < 101; i++) points.push([i, i === 37 ? 1000 : i])
  const out = thin(points, 50)
  assert.ok(out.length <= 52)
  assert.deepEqual(out[0], [0, 0])
  assert.deepEqual(out.at(-1), [100, 100])
  assert.ok(out.some((p) => p[1] === 1000))
  assert.ok(out.every((p, i) => i === 0 || p[0] > out[i - 1][0]))
  const s = newSeries('x')
  appendReadings(s, 0, points, 50)
  assert.ok(s.points.length <= 52)
  assert.equal(thin(points, 200), points, 'short enough: unchanged')
})

const event = (over: Partial<LiveTestEvent>): LiveTestEvent => ({
  test_id: 1,
  lab_code: '360402-0001',
  status: 'running',
  version: 1,
  action: 'lab_test.start',
  item: 'concrete_compression',
  grade: 'C30',
  specimens: 3,
  anomalies: 0,
  ...over,
})

test('the board: started, finished with its anomalies, then reviewed', () => {
  const b = newBoard()
  assert.equal(applyTestEvent(b, event({}), 1), 'started')
  assert.equal(b.running.get(1)?.specimens, 3)
  assert.equal(applyTestEvent(b, event({ status: 'finished', version: 2, anomalies: 2, action: 'lab_test.finish' }), 2), 'finished')
  assert.equal(b.running.size, 0)
  assert.equal(b.finished[0].anomalies, 2)
  assert.equal(b.finished[0].item, 'concrete_compression')
  // The review's event has no item: what the board knew stays.
  const review: LiveTestEvent = { test_id: 1, lab_code: '360402-0001', status: 'reviewed', version: 3, action: 'lab_test.review' }
  assert.equal(applyTestEvent(b, review, 3), 'updated')
  assert.equal(b.finished.length, 1)
  assert.equal(b.finished[0].status, 'reviewed')
  assert.equal(b.finished[0].item, 'concrete_compression')
  assert.equal(b.finished[0].anomalies, 2)
})

test('the board ignores reviews and voids of tests it never showed, and keeps the newest finished', () => {
  const b = newBoard()
  assert.equal(applyTestEvent(b, event({ test_id: 9, status: 'voided', action: 'lab_test.void' })), 'ignored')
  assert.equal(b.finished.length, 0)
  // A test started and finished in one request is shown as just finished.
  assert.equal(applyTestEvent(b, event({ test_id: 10, status: 'finished' })), 'finished')
  for (let i = 0; i < MAX_FINISHED + 5; i++) applyTestEvent(b, event({ test_id: 100 + i, status: 'finished' }))
  assert.equal(b.finished.length, MAX_FINISHED)
  assert.equal(b.finished[0].id, 100 + MAX_FINISHED + 4)
})

test('record helpers', () => {
  assert.ok(Math.abs((relativeDifference(36.1, 35) ?? 0) - 3.142857) < 1e-5)
  assert.equal(relativeDifference(null, 35), null)
  assert.ok(Math.abs((relativeDifference('36.1', '35') ?? 0) - 3.142857) < 1e-5, 'decimal strings of the ledger')
  assert.equal(measure('812.4'), 812.4)
  assert.equal(measure('x'), null)
  assert.equal(measure(''), null)
  assert.equal(relativeDifference(1, 0), null)
  assert.deepEqual(
    presentFields([{ label_code: 'A', peak_load_kn: 812.4, strength_mpa: 36.1 }, { label_code: 'B', length_mm: 150 }]).map((f) => f.key),
    ['length_mm', 'peak_load_kn', 'strength_mpa'],
  )
  const versions = [
    { version: 1, record: { status: 'running' } },
    { version: 2, record: { status: 'finished', results: { n: 2 } } },
    { version: 3, record: { status: 'voided' } },
  ]
  const versions2: { version: number; record: { status: string; results?: { n: number } } }[] = versions
  assert.equal(resultsRecord(versions2[2].record, versions2), versions2[1].record)
  assert.deepEqual(resultsRecord({ status: 'x', results: { n: 9 } }, versions2), { status: 'x', results: { n: 9 } })
  assert.equal(resultsRecord(versions2[0].record, versions2.slice(0, 1)), undefined)
  assert.equal(subjectTestId('lab_test 12'), 12)
  assert.equal(subjectTestId('test_contract 3'), null)
  assert.deepEqual(
    detailEntries({ contract_no: 'HT-1', working_days: 5, other: { test_id: 4, specimen: 0 }, anomalies: [{ kind: 'a' }, { kind: 'b' }], items: ['x', 'y'], none: null }),
    [
      ['contract_no', 'HT-1'],
      ['working_days', '5'],
      ['other.test_id', '4'],
      ['other.specimen', '0'],
      ['anomalies', '2'],
      ['items', 'x, y'],
    ],
  )
  assert.deepEqual(detailEntries(null), [])
})
