// Unit tests of the on-site pages' pure helpers (`npm test`): the capture stamp (JL-1.3's five
// facts), component codes from a mark (JL-2.4), the device id, the location check, the deadline.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  captureOrder,
  captureStamp,
  codeFromMark,
  componentCodeProblem,
  deadlineState,
  DEVICE_KEY,
  deviceId,
  distanceText,
  locationCheck,
  sameComponent,
} from './onsite'

test('JL-1.3: the stamp carries time, place, tester, instrument, component and device as captured', () => {
  const stamp = captureStamp({
    at: new Date('2026-05-12T06:30:00.456Z'),
    position: { lat: 29.68312345678, lng: 116.00219876543 },
    testerId: 12,
    equipmentId: 7,
    componentCode: ' KZ-3-12 ',
    device: 'web-abc12345',
  })
  assert.deepEqual(stamp, {
    captured_at: '2026-05-12T06:30:00Z',
    lat: 29.683123,
    lng: 116.002199,
    tester_id: 12,
    equipment_id: 7,
    component_code: 'KZ-3-12',
    device: 'web-abc12345',
  })
})

test('what the phone does not know is left out of the stamp, not invented', () => {
  const stamp = captureStamp({ at: new Date('2026-05-12T06:30:00Z'), position: null, testerId: null, equipmentId: 0, componentCode: '  ', device: '' })
  assert.deepEqual(stamp, { captured_at: '2026-05-12T06:30:00Z' })
  const nan = captureStamp({ at: new Date('2026-05-12T06:30:00Z'), position: { lat: NaN, lng: 1 }, testerId: 1, equipmentId: 1, componentCode: 'A', device: 'd' })
  assert.equal('lat' in nan, false)
})

test('JL-2.4: component codes are 1–64 of A-Z a-z 0-9 - _ / .', () => {
  assert.equal(componentCodeProblem('KZ-3/12_a.1'), null)
  assert.equal(componentCodeProblem(''), 'empty')
  assert.equal(componentCodeProblem('   '), 'empty')
  assert.equal(componentCodeProblem('x'.repeat(65)), 'too_long')
  assert.equal(componentCodeProblem('x'.repeat(64)), null)
  assert.equal(componentCodeProblem('柱 3'), 'characters')
  assert.equal(componentCodeProblem('A B'), 'characters')
})

test('a scanned mark gives the code itself or the code a link names', () => {
  assert.equal(codeFromMark(' ZH-017 '), 'ZH-017')
  assert.equal(codeFromMark('https://example.cn/components/ZH-017'), 'ZH-017')
  assert.equal(codeFromMark('https://example.cn/c?code=ZH-018&x=1'), 'ZH-018')
  assert.equal(codeFromMark('https://example.cn/c?component=ZH-019'), 'ZH-019')
  assert.equal(codeFromMark('桩 17 号'), null)
  assert.equal(codeFromMark(''), null)
})

test('the typed code matches the record exactly (case matters)', () => {
  assert.ok(sameComponent(' ZH-017', 'ZH-017'))
  assert.ok(!sameComponent('zh-017', 'ZH-017'))
})

test('the device id is made once and kept', () => {
  const kept = new Map<string, string>()
  const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) }
  let n = 0
  const random = () => `0123456789abcdef${++n}`
  const first = deviceId(storage, random)
  assert.equal(first, 'web-0123456789abcdef1')
  assert.equal(kept.get(DEVICE_KEY), first)
  assert.equal(deviceId(storage, random), first)
  // A damaged value is replaced; no storage (or a refusing one) still gives an id.
  kept.set(DEVICE_KEY, 'x')
  assert.equal(deviceId(storage, random), 'web-0123456789abcdef2')
  assert.equal(deviceId(null, random), 'web-0123456789abcdef3')
  const refusing = {
    getItem: () => {
      throw new Error('denied')
    },
    setItem: () => {
      throw new Error('denied')
    },
  }
  assert.equal(deviceId(refusing, random), 'web-0123456789abcdef4')
})

test('the location check: inside the site, outside by the distance found, or unknown', () => {
  assert.deepEqual(locationCheck({ location: { lat: 29.6, lng: 116 }, findings: [] }), { kind: 'inside' })
  assert.deepEqual(locationCheck({ location: null, findings: [{ kind: 'missing_location' }] }), { kind: 'unknown' })
  assert.deepEqual(
    locationCheck({ location: { lat: 29.7, lng: 116 }, findings: [{ kind: 'outside_geofence', evidence: { distance_m: 1234.5 } }] }),
    { kind: 'outside', distance_m: 1234.5 },
  )
  assert.deepEqual(locationCheck({ location: { lat: 29.7, lng: 116 }, findings: [{ kind: 'outside_geofence', evidence: {} }] }), {
    kind: 'outside',
    distance_m: null,
  })
  assert.equal(distanceText(850.4), '850 m')
  assert.equal(distanceText(1260), '1.3 km')
  assert.equal(distanceText(25_400), '25 km')
})

test('JL-1.3: the deadline state of a test — open, minutes left, minutes past, awaiting clearance, done', () => {
  const now = Date.parse('2026-05-12T08:00:00Z')
  const base = { finished_at: '2026-05-12T07:00:00Z', deadline: { awaiting_clearance: false } }
  assert.deepEqual(deadlineState({ ...base, finished_at: null, due_at: null, upload_status: 'open' }, now), { kind: 'not_finished' })
  assert.deepEqual(deadlineState({ ...base, due_at: '2026-05-12T09:00:00Z', upload_status: 'awaiting' }, now), { kind: 'remaining', minutes: 60 })
  assert.deepEqual(deadlineState({ ...base, due_at: '2026-05-12T07:58:30Z', upload_status: 'awaiting' }, now), { kind: 'passed', minutes: 1 })
  assert.deepEqual(deadlineState({ ...base, due_at: '2026-05-12T07:00:00Z', upload_status: 'missed' }, now), { kind: 'passed', minutes: 60 })
  assert.deepEqual(
    deadlineState({ finished_at: base.finished_at, due_at: null, deadline: { awaiting_clearance: true }, upload_status: 'awaiting' }, now),
    { kind: 'awaiting_clearance' },
  )
  assert.deepEqual(deadlineState({ ...base, due_at: '2026-05-12T09:00:00Z', upload_status: 'on_time' }, now), { kind: 'done' })
  assert.deepEqual(deadlineState({ ...base, due_at: '2026-05-12T07:00:00Z', upload_status: 'late' }, now), { kind: 'done' })
})

test('the capture page offers finished tests awaiting photos first, nearest deadline first, each once', () => {
  const tests = [
    { id: 1, upload_status: 'open', due_at: null, started_at: '2026-05-12T05:00:00Z' },
    { id: 2, upload_status: 'awaiting', due_at: '2026-05-12T09:00:00Z', started_at: '2026-05-12T04:00:00Z' },
    { id: 3, upload_status: 'awaiting', due_at: '2026-05-12T08:30:00Z', started_at: '2026-05-12T04:30:00Z' },
    { id: 4, upload_status: 'open', due_at: null, started_at: '2026-05-12T06:00:00Z' },
    { id: 3, upload_status: 'awaiting', due_at: '2026-05-12T08:30:00Z', started_at: '2026-05-12T04:30:00Z' },
  ]
  assert.deepEqual(
    captureOrder(tests).map((t) => t.id),
    [3, 2, 4, 1],
  )
})
