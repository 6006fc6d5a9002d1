// Unit tests of the polygon text a project's site is typed as (`npm test`).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parsePolygon, pointText, polygonText } from './site'

test('pairs separated by commas, full-width commas or spaces; blank lines skipped', () => {
  const r = parsePolygon('29.683,116.002\n\n 29.684， 116.003 \n29.685 116.001\r\n')
  assert.deepEqual(r, {
    ok: true,
    points: [
      { lat: 29.683, lng: 116.002 },
      { lat: 29.684, lng: 116.003 },
      { lat: 29.685, lng: 116.001 },
    ],
  })
})

test('the first bad line is named, 1-based', () => {
  assert.deepEqual(parsePolygon('29.683,116.002\nabc\n1,2'), { ok: false, line: 2, text: 'abc' })
  assert.deepEqual(parsePolygon('29.683,116.002\n91,116'), { ok: false, line: 2, text: '91,116' })
  assert.deepEqual(parsePolygon('29.683,116.002,5'), { ok: false, line: 1, text: '29.683,116.002,5' })
})

test('text round trip and display', () => {
  const points = [
    { lat: -33.5, lng: 151.25 },
    { lat: 29.683, lng: 116.002 },
  ]
  assert.deepEqual(parsePolygon(polygonText(points)), { ok: true, points })
  assert.equal(pointText({ lat: 29.683, lng: 116.002 }), '29.683000, 116.002000')
})
