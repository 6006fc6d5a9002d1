// The browser's label-code check must agree with the server's (src/domain/label_code.cpp):
// known answers computed there, and the same error-catching properties.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { codeFromScan, displayLabelCode, LABEL_ALPHABET, labelCheck, parseLabelCode, readLabelCode } from './labelCode'

// make_label_code / label_check of the C++ implementation.
const KNOWN = ['FFKQT4YC5T82M', 'FQFXF5VSTFVXE', '0000000000000', '0A1B2C3D4E5FB', '7KQ2M9XD4TRBT']

function randomBody(seed: number): string {
  let x = seed
  let body = ''
  for (let i = 0; i < 12; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    body += LABEL_ALPHABET[(x >> 8) & 31]
  }
  return body
}

test('JJ-1.1 check symbols agree with the server', () => {
  for (const code of KNOWN) {
    assert.equal(labelCheck(code.slice(0, 12)), code[12], code)
    assert.equal(parseLabelCode(code), code)
    assert.equal(parseLabelCode(displayLabelCode(code)), code)
  }
  assert.equal(displayLabelCode('7KQ2M9XD4TRBT'), '7KQ2-M9XD-4TRB-T')
})

test('every single-symbol error is caught', () => {
  for (const code of KNOWN) {
    for (let i = 0; i < code.length; i++) {
      for (const c of LABEL_ALPHABET) {
        if (c === code[i]) continue
        const typo = code.slice(0, i) + c + code.slice(i + 1)
        assert.deepEqual(readLabelCode(typo), { problem: 'check' }, typo)
      }
    }
  }
})

test('every swap of neighbours is caught', () => {
  for (let seed = 1; seed < 200; seed++) {
    const body = randomBody(seed)
    const code = body + labelCheck(body)
    for (let i = 0; i + 1 < code.length; i++) {
      if (code[i] === code[i + 1]) continue
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2)
      assert.equal(parseLabelCode(swapped), null, `${code} → ${swapped}`)
    }
  }
})

test('typed copies are read like Crockford base32, and problems are named', () => {
  assert.equal(parseLabelCode('oa1b 2c3d-4e5fb'), '0A1B2C3D4E5FB')
  assert.equal(parseLabelCode('0alb2c3d4e5fb'), '0A1B2C3D4E5FB')
  assert.equal(parseLabelCode('0Aib2c3d4e5fb'), '0A1B2C3D4E5FB')
  assert.deepEqual(readLabelCode(''), { problem: 'empty' })
  assert.deepEqual(readLabelCode(' - '), { problem: 'empty' })
  assert.deepEqual(readLabelCode('0A1B2C3D4E5F'), { problem: 'length' })
  assert.deepEqual(readLabelCode('0A1B2C3D4E5FB0'), { problem: 'length' })
  assert.deepEqual(readLabelCode('0A1B2C3D4E5UB'), { problem: 'symbol' })
  assert.deepEqual(readLabelCode('0A1B2C3D4E5F#'), { problem: 'symbol' })
})

test('a scanned QR gives the code of its verification URL', () => {
  assert.equal(codeFromScan('https://labwatch.example.cn/q/7KQ2M9XD4TRBT'), '7KQ2M9XD4TRBT')
  assert.equal(codeFromScan('http://127.0.0.1:8080/q/7KQ2-M9XD-4TRB-T/'), '7KQ2M9XD4TRBT')
  assert.equal(codeFromScan('http://127.0.0.1:8080/q/7KQ2M9XD4TRBT?src=qr'), '7KQ2M9XD4TRBT')
  assert.equal(codeFromScan(' 7kq2m9xd4trbt '), '7KQ2M9XD4TRBT')
  assert.equal(codeFromScan('https://example.com/q/7KQ2M9XD4TRB6'), null)
  assert.equal(codeFromScan('https://example.com/other'), null)
})
