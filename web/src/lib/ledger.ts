// Verifying the tamper-evident ledger in the browser (issue 4), trusting the server for nothing
// but public data: the formats are those of the API manual's section "Ledger: entries,
// checkpoints, receipts" (docs/api/openapi.yaml, info.description).
//
// - canonical JSON: the RFC 8785 subset the ledger uses (objects, arrays, strings, booleans,
//   null, integers of magnitude ≤ 2^53 − 1; members sorted by UTF-16 code units);
// - leaf hash H(0x00 ‖ entry bytes), node hash H(0x01 ‖ left ‖ right), H = SM3 or SHA-256;
// - the inclusion proof check of RFC 9162 §2.1.3.2;
// - the checkpoint note (five LF-terminated lines) and its SM2 signature (SM3, ID
//   "1234567812345678", DER).
//
// Pure code: no Vue, no i18n, no fetch of its own (the caller passes the public data in), so it
// runs the same in the browser and under `npm test`. SM2 and SM3 come from sm-crypto, SHA-256
// from WebCrypto.
import smCrypto from 'sm-crypto'

const { sm2, sm3 } = smCrypto

export type HashAlg = 'sm3' | 'sha256'

/** The distinguishing ID of the platform's SM2 signatures (GB/T 32918's default). */
export const SM2_USER_ID = '1234567812345678'

/** A signed checkpoint in its JSON form. */
export interface Checkpoint {
  origin: string
  size: number
  root_hash: string
  time: string
  hash_alg: HashAlg
  key_id: string
  signature: string
  note: string
}

/** A ledger entry: exactly these eight members. */
export interface LedgerEntry {
  v: number
  type: string
  id: string
  version: number
  prev: number | null
  uploader: string
  received_at: string
  record: Record<string, unknown>
}

/** A receipt (`labwatch-receipt/1`). */
export interface Receipt {
  format: string
  entry: LedgerEntry
  leaf_index: number
  leaf_hash: string
  checkpoint: Checkpoint | null
  inclusion_proof?: string[]
}

/** GET /api/v1/ledger */
export interface LedgerInfo {
  origin: string
  hash_alg: HashAlg
  key_id: string
  public_key: string
  public_key_url: string
  checkpoint: Checkpoint | null
}

// ---------------------------------------------------------------------------------------------
// Bytes, hex and base64

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new LedgerFormatError(`not hex: ${hex.slice(0, 20)}`)
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    throw new LedgerFormatError('not standard base64')
  }
  const binary = atob(clean)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Malformed ledger data (not JSON of the subset, not hex, not an SM2 key …). */
export class LedgerFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LedgerFormatError'
  }
}

// ---------------------------------------------------------------------------------------------
// Canonical JSON (RFC 8785 subset)

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function canonicalString(s: string): string {
  if (LONE_SURROGATE.test(s)) throw new LedgerFormatError('a string is not well-formed Unicode')
  // JSON.stringify escapes exactly as RFC 8785 §3.2.2.2 asks: the seven short escapes, \u00xx
  // (lower-case) for the other controls, everything else as itself.
  return JSON.stringify(s)
}

/** The canonical JSON text of `value`; throws LedgerFormatError outside the ledger's subset. */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'string':
      return canonicalString(value)
    case 'number':
      if (!Number.isSafeInteger(value)) throw new LedgerFormatError(`not an integer of magnitude ≤ 2^53 − 1: ${value}`)
      return String(value)
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
      const members = Object.entries(value as Record<string, unknown>)
      // The default sort compares UTF-16 code units: RFC 8785 §3.2.3's order.
      members.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return `{${members.map(([k, v]) => `${canonicalString(k)}:${canonicalJson(v)}`).join(',')}}`
    }
    default:
      throw new LedgerFormatError(`not a JSON value: ${typeof value}`)
  }
}

/** The entry's bytes: the UTF-8 of its canonical JSON. */
export function entryBytes(entry: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(entry))
}

// ---------------------------------------------------------------------------------------------
// Hashes (RFC 9162 §2.1)

export async function hash(alg: HashAlg, data: Uint8Array): Promise<Uint8Array> {
  if (alg === 'sm3') return fromHex(sm3(data))
  if (alg === 'sha256') {
    const subtle = globalThis.crypto?.subtle
    // WebCrypto exists only in secure contexts (HTTPS, or http://localhost / 127.0.0.1).
    if (!subtle) throw new LedgerFormatError('SHA-256 needs WebCrypto, which the browser offers only over HTTPS')
    return new Uint8Array(await subtle.digest('SHA-256', data as BufferSource))
  }
  throw new LedgerFormatError(`unknown hash algorithm: ${String(alg)}`)
}

/** The size in bytes of an SM3 or SHA-256 hash. */
export const HASH_SIZE = 32

/** H(0x00 ‖ entry bytes) */
export function leafHash(alg: HashAlg, entry: Uint8Array): Promise<Uint8Array> {
  return hash(alg, concat(Uint8Array.of(0), entry))
}

/** H(0x01 ‖ left ‖ right) */
export function nodeHash(alg: HashAlg, left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return hash(alg, concat(Uint8Array.of(1), left, right))
}

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2) from the leaf hash of leaf `index`
 * in a tree of `size` leaves; null when the proof cannot be one for that index and size.
 * Indices go up to 2^53 − 1, so halving is done with arithmetic, not 32-bit shifts.
 */
export async function rootFromInclusionProof(
  alg: HashAlg,
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<Uint8Array | null> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null
  // SM3 and SHA-256 hashes are 32 bytes; anything else cannot be a node of the tree.
  if (leaf.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return null
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of proof) {
    if (sn === 0) return null
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(alg, p, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = await nodeHash(alg, r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 ? r : null
}

/** True when `proof` leads from `leaf` (leaf `index` of `size`) to `root`. */
export async function verifyInclusion(
  alg: HashAlg,
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  const computed = await rootFromInclusionProof(alg, index, size, leaf, proof)
  return computed !== null && root.length === HASH_SIZE && equalBytes(computed, root)
}

// ---------------------------------------------------------------------------------------------
// Checkpoints and the platform's SM2 key

/** The five-line note body signed for a checkpoint, recomputed from its other members. */
export function checkpointNote(cp: Pick<Checkpoint, 'origin' | 'size' | 'root_hash' | 'time' | 'hash_alg'>): string {
  return `${cp.origin}\n${cp.size}\n${toBase64(fromHex(cp.root_hash))}\ntime ${cp.time}\nhash ${cp.hash_alg}\n`
}

// DER of the SM2 curve's OID 1.2.156.10197.1.301, which an SM2 SubjectPublicKeyInfo names.
const SM2_CURVE_OID = fromHex('06082a811ccf5501822d')

/** The DER SubjectPublicKeyInfo inside a PEM "PUBLIC KEY". */
export function spkiFromPem(pem: string): Uint8Array {
  const m = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(pem)
  if (!m) throw new LedgerFormatError('not a PEM public key')
  return fromBase64(m[1])
}

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

/**
 * The public key as sm-crypto takes it: the uncompressed point "04‖x‖y" in hex. An SM2
 * SubjectPublicKeyInfo (91 bytes) ends with BIT STRING 03 42 00 and that 65-byte point.
 */
export function sm2PointHexFromSpki(spki: Uint8Array): string {
  const n = spki.length
  if (n !== 91 || spki[0] !== 0x30 || !containsBytes(spki, SM2_CURVE_OID)) {
    throw new LedgerFormatError('not an SM2 public key')
  }
  const tail = spki.subarray(n - 68)
  if (tail[0] !== 0x03 || tail[1] !== 0x42 || tail[2] !== 0x00 || tail[3] !== 0x04) {
    throw new LedgerFormatError('not an uncompressed SM2 point')
  }
  return toHex(spki.subarray(n - 65))
}

/** The key id: the first 8 bytes of SM3 of the DER public key, lower-case hex. */
export function keyIdOf(spki: Uint8Array): string {
  return sm3(spki).slice(0, 16)
}

/** Whether `signatureBase64` (DER SM2 with SM3, ID 1234567812345678) signs `note`. */
export function verifySm2Signature(note: string, signatureBase64: string, publicKeyHex: string): boolean {
  let signatureHex: string
  try {
    signatureHex = toHex(fromBase64(signatureBase64))
  } catch {
    return false
  }
  const message = Array.from(new TextEncoder().encode(note))
  try {
    return sm2.doVerifySignature(message, signatureHex, publicKeyHex, { der: true, hash: true, userId: SM2_USER_ID })
  } catch {
    return false
  }
}

// ---------------------------------------------------------------------------------------------
// Verifying a record version, step by step

export type StepStatus = 'ok' | 'failed' | 'skipped'

/** One step's outcome; `reason` names why (for the page's words), `detail` says more. */
export interface StepResult {
  status: StepStatus
  reason: string
  /** Values to show: computed vs claimed hashes, sizes … */
  detail?: Record<string, string | number>
}

export type Verdict = 'verified' | 'failed' | 'pending'

export interface Verification {
  /** a) the entry's canonical bytes hash to the receipt's leaf hash */
  leaf: StepResult
  /** b) the inclusion proof leads from that leaf hash to the checkpoint's root */
  inclusion: StepResult
  /** c) the checkpoint is signed by the platform's key */
  signature: StepResult
  verdict: Verdict
  /** The checkpoint verified against (the latest when verification started). */
  checkpoint: Checkpoint | null
}

/** The public data verification needs, fetched by the caller. */
export interface VerificationSources {
  /** The ledger's hash and the platform's public key (GET /api/v1/ledger). */
  ledger: Pick<LedgerInfo, 'hash_alg' | 'key_id' | 'public_key' | 'origin'>
  /** The latest signed checkpoint, or null when none exists yet. */
  latestCheckpoint(): Promise<Checkpoint | null>
  /** The audit path of leaf `index` in the tree of `size` leaves, lowest first, hex. */
  inclusionProof(index: number, size: number): Promise<string[]>
}

function failure(reason: string, detail?: StepResult['detail']): StepResult {
  return { status: 'failed', reason, detail }
}

function skipped(reason: string, detail?: StepResult['detail']): StepResult {
  return { status: 'skipped', reason, detail }
}

/** Step a: recompute the leaf hash from the entry. Returns the computed hash too. */
export async function checkLeaf(
  alg: HashAlg,
  entry: unknown,
  claimedLeafHash: string,
): Promise<{ result: StepResult; computed: Uint8Array | null }> {
  let bytes: Uint8Array
  try {
    bytes = entryBytes(entry)
  } catch (e) {
    return { result: failure('notCanonical', { error: (e as Error).message }), computed: null }
  }
  const computed = await leafHash(alg, bytes)
  const detail = { computed: toHex(computed), claimed: claimedLeafHash.toLowerCase() }
  return {
    result: detail.computed === detail.claimed ? { status: 'ok', reason: 'match', detail } : failure('mismatch', detail),
    computed,
  }
}

/** Step c: the checkpoint's note is its own fields, names the platform's key, and is signed by it. */
export function checkCheckpointSignature(
  cp: Checkpoint,
  ledger: VerificationSources['ledger'],
): StepResult {
  let spki: Uint8Array
  let point: string
  try {
    spki = spkiFromPem(ledger.public_key)
    point = sm2PointHexFromSpki(spki)
  } catch (e) {
    return failure('badKey', { error: (e as Error).message })
  }
  const keyId = keyIdOf(spki)
  if (keyId !== ledger.key_id || cp.key_id !== keyId) {
    return failure('keyMismatch', { key: keyId, ledger: ledger.key_id, checkpoint: cp.key_id })
  }
  let note: string
  try {
    note = checkpointNote(cp)
  } catch (e) {
    return failure('noteMismatch', { error: (e as Error).message })
  }
  if (note !== cp.note) return failure('noteMismatch')
  if (cp.origin !== ledger.origin) return failure('originMismatch', { ledger: ledger.origin, checkpoint: cp.origin })
  if (!verifySm2Signature(cp.note, cp.signature, point)) return failure('invalid', { key: keyId })
  return { status: 'ok', reason: 'valid', detail: { key: keyId, size: cp.size } }
}

/**
 * Verifies one version of a record from its receipt against the latest checkpoint: a) entry →
 * leaf hash, b) inclusion proof → the checkpoint's root, c) the checkpoint's SM2 signature. The
 * proof starts from the leaf hash computed here, not the one the receipt claims, so a changed
 * entry fails b as well as a. Network and server errors propagate (the caller shows them).
 */
export async function verifyReceipt(
  receipt: Pick<Receipt, 'entry' | 'leaf_index' | 'leaf_hash'>,
  sources: VerificationSources,
): Promise<Verification> {
  const alg = sources.ledger.hash_alg
  const { result: leaf, computed } = await checkLeaf(alg, receipt.entry, receipt.leaf_hash)

  const checkpoint = await sources.latestCheckpoint()
  if (!checkpoint || checkpoint.size <= receipt.leaf_index) {
    const detail = { index: receipt.leaf_index, size: checkpoint?.size ?? 0 }
    return {
      leaf,
      inclusion: skipped('notCovered', detail),
      signature: skipped('notCovered', detail),
      verdict: leaf.status === 'ok' ? 'pending' : 'failed',
      checkpoint,
    }
  }

  let inclusion: StepResult
  if (checkpoint.hash_alg !== alg) {
    inclusion = failure('algMismatch', { ledger: alg, checkpoint: checkpoint.hash_alg })
  } else if (!computed) {
    inclusion = skipped('noLeafHash')
  } else {
    const hexProof = await sources.inclusionProof(receipt.leaf_index, checkpoint.size)
    let root: Uint8Array | null = null
    try {
      root = await rootFromInclusionProof(alg, receipt.leaf_index, checkpoint.size, computed, hexProof.map(fromHex))
    } catch {
      root = null
    }
    const detail = {
      index: receipt.leaf_index,
      size: checkpoint.size,
      steps: hexProof.length,
      root: checkpoint.root_hash,
      computed: root ? toHex(root) : '',
    }
    if (!root) inclusion = failure('badProof', detail)
    else if (detail.computed !== checkpoint.root_hash.toLowerCase()) inclusion = failure('rootMismatch', detail)
    else inclusion = { status: 'ok', reason: 'rootMatch', detail }
  }

  const signature = checkCheckpointSignature(checkpoint, sources.ledger)
  const all = [leaf, inclusion, signature]
  return {
    leaf,
    inclusion,
    signature,
    verdict: all.every((s) => s.status === 'ok') ? 'verified' : 'failed',
    checkpoint,
  }
}
