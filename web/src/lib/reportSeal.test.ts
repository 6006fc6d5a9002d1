// Unit tests of the report seal in the browser (`npm test`). The test vector is a payload the
// real server made: report 360402-0001-2026-CL-000001 of the demo dataset
// (src/app/demo_reports.cpp), its seal from GET /api/v1/public/reports/{number}, the signing key
// from GET /api/v1/public/report-keys (a demo key generated for that data directory: public
// data, nothing secret). The expected facts are what the C++ verifier printed for it:
//
//   lw-verify-report --key report-key.pem --pdf original.pdf "HTTP://127.0.0.1:8123/V/<payload>"
//   报告编号 Report number: 360402-0001-2026-CL-000001
//   签发时间 Issued at: 2026-11-22T04:04:49Z (UTC) …
//   密钥标识 Key id: 4c0711c0c8d35798
//   PDF 摘要 PDF SM3: 21389cc0…a110     内容摘要 Content SM3: b2a5077f…515b
//   签名 Signature: 有效 OK … 结论 Verdict: 通过 every check passed   (exit status 0)
//
// Forgeries are made here: bytes changed and encoded again, and seals signed with a fresh SM2
// key by sm-crypto.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import smCrypto from 'sm-crypto'
import { fromBase64, toHex } from './ledger'
import {
  base32Decode,
  base32Encode,
  checkSealSignature,
  parseSeal,
  payloadOf,
  scanVerdict,
  SealFormatError,
  sealMatches,
  sealTime,
  type ReportKey,
} from './reportSeal'

const PAYLOAD =
  'AFGAOEOAZDJVPGDLAJU6CGRTGYYDIMBSFUYDAMBRFUZDAMRWFVBUYLJQGAYDAMBREE4JZQFORXZEHHKJTMKWF4FILZFA4GONB36R7C5JUNSZAA6GUEILFJIHP4V7FOD7TM7J5XMEUQG5MOL35ASQTUD4IX7WAR5FTW6FCWZ775S6ZZXWIHXTRQIAEJFYOQJ3BE3SQPKNHYH74PDWOAVPEFOKLJNIBN7SKSZWDL4DDQO42S7WZBIM4U4JTHSBU7GXANBECBLOXDK34'
const PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEm6ItxNznx43DoicQlhP1MLEelRiB
n5uR56mVBapfQzUyiEl/Y8ZxRr+HUHtu88eO2NXBFNVZBlyGZS9aaJ4qhQ==
-----END PUBLIC KEY-----
`
const KEY: ReportKey = {
  key_id: '4c0711c0c8d35798',
  algorithm: 'SM2-with-SM3',
  distinguishing_id: '1234567812345678',
  public_key_pem: PEM,
  current: true,
}
const NUMBER = '360402-0001-2026-CL-000001'
const PDF_SM3 = '21389cc0ae8df2439d499b1562f0a85e4a0e19cd0efd1f8ba9a3659003c6a110'
const CONTENT_SM3 = 'b2a5077f2bf2b87f9b3e9edd84a40dd6397be82509d07c45ff6047a59dbc515b'
/** The public facts as the server answers them (issue time with its fraction of a second). */
const FACTS = { number: NUMBER, status: 'valid', issued_at: '2026-11-22T04:04:49.000000Z', content_sm3: CONTENT_SM3, pdf: { sm3: PDF_SM3 } }

// Another SM2 key in a SubjectPublicKeyInfo: the API manual's ledger example key.
const OTHER_PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEBTOwC8jGCMI8/xHaku00BTyG3Z5U
ru6TZhycuaZnjxPom4D53SigE1AoORpwoT0OL/4jvF4kO7vNZ9QKGz1Mcg==
-----END PUBLIC KEY-----
`

/** The payload with `edit` applied to its bytes, encoded again (well-formed base32). */
function edited(edit: (bytes: Uint8Array) => void): string {
  const bytes = base32Decode(PAYLOAD)
  edit(bytes)
  return base32Encode(bytes)
}

describe('base32 (RFC 4648)', () => {
  test('the RFC 4648 §10 vectors, without padding, both ways', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ]
    for (const [text, encoded] of vectors) {
      const bytes = new TextEncoder().encode(text)
      assert.equal(base32Encode(bytes), encoded)
      assert.deepEqual(base32Decode(encoded), bytes)
      assert.deepEqual(base32Decode(`${encoded}${'='.repeat((8 - (encoded.length % 8)) % 8)}`), bytes, 'padding tolerated')
      assert.deepEqual(base32Decode(encoded.toLowerCase()), bytes, 'lower case read')
    }
  })

  test('not base32: foreign characters, impossible lengths, stray trailing bits', () => {
    assert.throws(() => base32Decode('MZXW1'), SealFormatError) // '1' is not in the alphabet
    assert.throws(() => base32Decode('MZX'), SealFormatError) // 3 characters encode no whole bytes
    assert.throws(() => base32Decode('MZ'), SealFormatError) // "f" is "MY": "MZ" leaves a bit set
  })
})

describe('parseSeal: the server-made payload', () => {
  test('takes the payload apart as lw-verify-report does', () => {
    const seal = parseSeal(PAYLOAD)
    assert.equal(seal.format, 1)
    assert.equal(seal.keyId, KEY.key_id)
    assert.equal(seal.number, NUMBER)
    assert.equal(sealTime(seal), '2026-11-22T04:04:49Z')
    assert.equal(seal.issuedAt, 1795320289)
    assert.equal(seal.pdfSm3, PDF_SM3)
    assert.equal(seal.contentSm3, CONTENT_SM3)
    assert.equal(seal.signature.length, 128)
    assert.equal(seal.signed.length, 78 + NUMBER.length)
  })

  test('from the QR URL (upper case, as QR codes carry it), lower-cased, or with a query', () => {
    assert.equal(payloadOf(`HTTP://127.0.0.1:8123/V/${PAYLOAD}`), PAYLOAD)
    assert.equal(payloadOf(`https://labwatch.example.gov.cn/v/${PAYLOAD}?utm=x#top`), PAYLOAD)
    assert.deepEqual(parseSeal(`http://127.0.0.1:8123/v/${PAYLOAD.toLowerCase()}`), parseSeal(PAYLOAD))
  })

  test('refuses what is not a format-1 seal', () => {
    assert.throws(() => parseSeal(''), SealFormatError)
    assert.throws(() => parseSeal(PAYLOAD.slice(0, -8)), SealFormatError, 'too short for its number')
    assert.throws(() => parseSeal(edited((b) => (b[0] = 2))), SealFormatError, 'format 2')
    assert.throws(() => parseSeal(edited((b) => (b[13] = 0))), SealFormatError, 'no number')
    assert.throws(() => parseSeal(edited((b) => (b[14] = 0x0a))), SealFormatError, 'a control byte in the number')
    assert.throws(() => parseSeal(`${PAYLOAD.slice(0, 40)}1${PAYLOAD.slice(41)}`), SealFormatError, 'not base32')
  })
})

describe('checkSealSignature: SM2 with SM3 and the published key', () => {
  test('the server-made seal verifies with the published key', () => {
    assert.equal(checkSealSignature(parseSeal(PAYLOAD), [KEY]), 'verified')
    assert.equal(checkSealSignature(parseSeal(PAYLOAD.toLowerCase()), [KEY]), 'verified')
  })

  test('any changed byte of the signed part or of the signature fails', () => {
    const n = NUMBER.length
    for (const at of [1, 10, 14, 14 + n, 46 + n + 5, 78 + n, 141 + n]) {
      const seal = parseSeal(edited((b) => (b[at] ^= 0x01)))
      const check = checkSealSignature(seal, [KEY])
      // A changed key id names no published key; anything else breaks the signature.
      assert.equal(check, at < 9 ? 'unknown_key' : 'bad_signature', `byte ${at}`)
    }
  })

  test('one changed character of the payload text: never verified', () => {
    for (let at = 0; at < PAYLOAD.length; at += 7) {
      const c = PAYLOAD[at] === 'A' ? 'B' : 'A'
      const text = PAYLOAD.slice(0, at) + c + PAYLOAD.slice(at + 1)
      let seal
      try {
        seal = parseSeal(text)
      } catch (e) {
        assert.ok(e instanceof SealFormatError)
        continue
      }
      assert.notEqual(checkSealSignature(seal, [KEY]), 'verified', `character ${at}`)
    }
  })

  test('a forgery signed with another key fails, whichever key id it claims', () => {
    const { sm2 } = smCrypto
    const forger = sm2.generateKeyPairHex()
    const sign = (bytes: Uint8Array) =>
      sm2.doSignature(Array.from(bytes), forger.privateKey, { hash: true, der: false, publicKey: forger.publicKey, userId: '1234567812345678' })
    // Claiming the platform's key id: the signature does not verify.
    const claimed = parseSeal(PAYLOAD)
    const forged = { ...claimed, signature: sign(claimed.signed) }
    assert.equal(checkSealSignature(forged, [KEY]), 'bad_signature')
    // Naming its own key: no published key has that id.
    const own = parseSeal(edited((b) => b.set([9, 9, 9, 9, 9, 9, 9, 9], 1)))
    assert.equal(checkSealSignature({ ...own, signature: sign(own.signed) }, [KEY]), 'unknown_key')
  })

  test('the key is found by the id of its own bytes, not by the id a list gives it', () => {
    const misnamed: ReportKey = { ...KEY, public_key_pem: OTHER_PEM }
    assert.equal(checkSealSignature(parseSeal(PAYLOAD), [misnamed]), 'unknown_key')
    assert.equal(checkSealSignature(parseSeal(PAYLOAD), [misnamed, KEY]), 'verified')
    assert.equal(checkSealSignature(parseSeal(PAYLOAD), []), 'unknown_key')
    assert.equal(checkSealSignature(parseSeal(PAYLOAD), [{ ...KEY, public_key_pem: 'not a key' }]), 'unknown_key')
  })

  test('the PEM is the SubjectPublicKeyInfo whose SM3 starts with the key id', () => {
    const der = fromBase64(PEM.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''))
    assert.equal(smCrypto.sm3(Array.from(der)).slice(0, 16), KEY.key_id)
    assert.equal(toHex(der).length, 182)
  })
})

describe('sealMatches and scanVerdict: what the page shows', () => {
  test("the seal names this report's number, time and digests", () => {
    const seal = parseSeal(PAYLOAD)
    assert.equal(sealMatches(seal, FACTS), true)
    assert.equal(sealMatches(seal, { ...FACTS, issued_at: '2026-11-22T04:04:50.000000Z' }), false)
    assert.equal(sealMatches(seal, { ...FACTS, number: `${NUMBER.slice(0, -1)}2` }), false)
    assert.equal(sealMatches(seal, { ...FACTS, pdf: { sm3: CONTENT_SM3 } }), false)
    assert.equal(sealMatches(seal, { ...FACTS, content_sm3: PDF_SM3 }), false)
    assert.equal(sealMatches(seal, { ...FACTS, content_sm3: CONTENT_SM3.toUpperCase() }), true)
  })

  test('genuine seals show the status; anything else is not genuine, with the reason', () => {
    const seal = parseSeal(PAYLOAD)
    assert.deepEqual(scanVerdict(seal, 'verified', FACTS), { verdict: 'valid', reason: null })
    assert.deepEqual(scanVerdict(seal, 'verified', { ...FACTS, status: 'revoked' }), { verdict: 'revoked', reason: null })
    assert.deepEqual(scanVerdict(seal, 'verified', { ...FACTS, status: 'superseded' }), { verdict: 'superseded', reason: null })
    assert.deepEqual(scanVerdict(null, null, null), { verdict: 'not_genuine', reason: 'malformed' })
    assert.deepEqual(scanVerdict(seal, 'bad_signature', FACTS), { verdict: 'not_genuine', reason: 'bad_signature' })
    assert.deepEqual(scanVerdict(seal, 'unknown_key', FACTS), { verdict: 'not_genuine', reason: 'unknown_key' })
    assert.deepEqual(scanVerdict(seal, 'verified', null), { verdict: 'not_genuine', reason: 'unknown_number' })
    assert.deepEqual(scanVerdict(seal, 'verified', { ...FACTS, content_sm3: PDF_SM3 }), { verdict: 'not_genuine', reason: 'not_this_report' })
  })
})
