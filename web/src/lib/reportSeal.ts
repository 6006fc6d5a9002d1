// A report's anti-counterfeit seal, read and checked in the browser (issue 9; docs/reports.md
// "The seal" and "Offline verification"): the QR's URL ends in "/V/<payload>", the payload is
// RFC 4648 base32 (upper case, no padding; read in either case) of
//
//   format 0x01 | key id (8) | issue time (4, Unix seconds, big-endian) | n (1) | number (n)
//   | SM3 of the PDF (32) | SM3 of the content (32) | SM2 signature r ‖ s (64)
//
// signed with SM2 (SM3, ID "1234567812345678") over everything before the signature by the
// platform's report key, published at GET /api/v1/public/report-keys. Pure code: no Vue, no
// fetch, so `npm test` runs it as the page does.
import smCrypto from 'sm-crypto'
import { keyIdOf, SM2_USER_ID, sm2PointHexFromSpki, spkiFromPem, toHex } from './ledger'

const { sm2 } = smCrypto

export const SEAL_FORMAT = 1
const MAX_NUMBER = 64
const FIXED = 1 + 8 + 4 + 1 + 32 + 32 + 64 // 142 bytes besides the number

/** Not a seal: not base32, another format, a wrong length. */
export class SealFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SealFormatError'
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 without padding (trailing '=' tolerated), either case. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '').toUpperCase()
  // Valid unpadded lengths leave 0, 2, 4, 5 or 7 characters in the last group of 8.
  if (![0, 2, 4, 5, 7].includes(clean.length % 8)) throw new SealFormatError('base32 length')
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8))
  let bits = 0
  let value = 0
  let at = 0
  for (const c of clean) {
    const v = ALPHABET.indexOf(c)
    if (v < 0) throw new SealFormatError(`not base32: ${c}`)
    value = (value << 5) | v
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out[at++] = (value >> bits) & 0xff
    }
    value &= (1 << bits) - 1
  }
  if (value !== 0) throw new SealFormatError('base32 trailing bits')
  return out
}

/** RFC 4648 base32, upper case, no padding (as the server writes payloads). */
export function base32Encode(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += ALPHABET[(value >> bits) & 31]
    }
    value &= (1 << bits) - 1
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/** The payload of a QR's text: the URL's last path segment, or the text itself. */
export function payloadOf(text: string): string {
  const trimmed = text.trim().replace(/[?#].*$/, '')
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

/** A payload taken apart. Hex strings are lower case. */
export interface Seal {
  format: number
  keyId: string
  /** Unix seconds. */
  issuedAt: number
  number: string
  pdfSm3: string
  contentSm3: string
  /** r ‖ s, 128 hex digits. */
  signature: string
  /** The bytes the signature covers. */
  signed: Uint8Array
}

/** The seal of `payload` (or of a URL ending in it); SealFormatError when it is none. */
export function parseSeal(payload: string): Seal {
  const bytes = base32Decode(payloadOf(payload))
  if (bytes.length < FIXED + 1) throw new SealFormatError('too short')
  if (bytes[0] !== SEAL_FORMAT) throw new SealFormatError(`format ${bytes[0]}`)
  const n = bytes[13]
  if (n < 1 || n > MAX_NUMBER || bytes.length !== FIXED + n) throw new SealFormatError('length')
  const numberBytes = bytes.subarray(14, 14 + n)
  if (numberBytes.some((b) => b < 0x21 || b > 0x7e)) throw new SealFormatError('number not printable ASCII')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return {
    format: bytes[0],
    keyId: toHex(bytes.subarray(1, 9)),
    issuedAt: view.getUint32(9, false),
    number: String.fromCharCode(...numberBytes),
    pdfSm3: toHex(bytes.subarray(14 + n, 46 + n)),
    contentSm3: toHex(bytes.subarray(46 + n, 78 + n)),
    signature: toHex(bytes.subarray(78 + n)),
    signed: bytes.slice(0, 78 + n),
  }
}

/** A published report key (GET /api/v1/public/report-keys). */
export interface ReportKey {
  key_id: string
  algorithm: string
  distinguishing_id: string
  public_key_pem: string
  current: boolean
}

export type SignatureCheck = 'verified' | 'unknown_key' | 'bad_signature'

/** Whether the platform's key `seal.keyId` names (among `keys`) signed the seal. */
export function checkSealSignature(seal: Seal, keys: readonly ReportKey[]): SignatureCheck {
  for (const key of keys) {
    let spki: Uint8Array
    try {
      spki = spkiFromPem(key.public_key_pem)
    } catch {
      continue
    }
    // The id is recomputed from the key itself: a list that misnames a key cannot pass.
    if (keyIdOf(spki) !== seal.keyId) continue
    try {
      const point = sm2PointHexFromSpki(spki)
      const ok = sm2.doVerifySignature(Array.from(seal.signed), seal.signature, point, {
        der: false,
        hash: true,
        userId: SM2_USER_ID,
      })
      return ok ? 'verified' : 'bad_signature'
    } catch {
      return 'bad_signature'
    }
  }
  return 'unknown_key'
}

/** The issue time, RFC 3339 in UTC, whole seconds. */
export function sealTime(seal: Seal): string {
  return new Date(seal.issuedAt * 1000).toISOString().replace('.000Z', 'Z')
}

/** The public facts a seal is compared with (GET /api/v1/public/reports/{number}). */
export interface SealedFacts {
  number: string
  issued_at: string
  content_sm3: string
  pdf: { sm3: string }
}

/** Whether the seal names this report: its number, issue time and both digests. */
export function sealMatches(seal: Seal, facts: SealedFacts): boolean {
  return (
    seal.number === facts.number &&
    // The API writes fractions of a second ("…T04:04:50.000000Z"); the seal keeps whole seconds.
    Math.floor(Date.parse(facts.issued_at) / 1000) === seal.issuedAt &&
    seal.pdfSm3 === facts.pdf.sm3.toLowerCase() &&
    seal.contentSm3 === facts.content_sm3.toLowerCase()
  )
}

/** What the page tells: the report's status, or why it cannot be trusted. */
export type ReportVerdict = 'valid' | 'revoked' | 'superseded' | 'not_genuine'
export type NotGenuineReason = 'malformed' | 'unknown_key' | 'bad_signature' | 'unknown_number' | 'not_this_report'

/**
 * The verdict of a scanned QR: `seal` null when the payload did not parse, `signature` the
 * browser's own check, `facts` null when the platform knows no report of that number.
 */
export function scanVerdict(
  seal: Seal | null,
  signature: SignatureCheck | null,
  facts: (SealedFacts & { status: string }) | null,
): { verdict: ReportVerdict; reason: NotGenuineReason | null } {
  const notGenuine = (reason: NotGenuineReason) => ({ verdict: 'not_genuine' as const, reason })
  if (!seal) return notGenuine('malformed')
  if (signature !== 'verified') return notGenuine(signature ?? 'unknown_key')
  if (!facts) return notGenuine('unknown_number')
  if (!sealMatches(seal, facts)) return notGenuine('not_this_report')
  const status = facts.status === 'revoked' || facts.status === 'superseded' ? facts.status : 'valid'
  return { verdict: status, reason: null }
}
