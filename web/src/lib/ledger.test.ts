// Unit tests of the in-browser ledger verification (`npm test`: node's runner with tsx).
// Known answers: the API manual's worked example (docs/api/openapi.yaml, "Ledger: entries,
// checkpoints, receipts", item 6), which anyone can recompute with OpenSSL, and the public
// RFC 6962 / RFC 9162 inclusion-proof vectors of transparency-dev/merkle in ../shared.
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  canonicalJson,
  checkCheckpointSignature,
  checkpointNote,
  entryBytes,
  fromBase64,
  fromHex,
  hash,
  keyIdOf,
  leafHash,
  LedgerFormatError,
  nodeHash,
  rootFromInclusionProof,
  sm2PointHexFromSpki,
  spkiFromPem,
  toBase64,
  toHex,
  verifyInclusion,
  verifyReceipt,
  verifySm2Signature,
  type Checkpoint,
  type HashAlg,
  type Receipt,
  type VerificationSources,
} from './ledger'

const here = dirname(fileURLToPath(import.meta.url))

// ---- The manual's worked example, value for value --------------------------------------------

const EXAMPLE_PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEBTOwC8jGCMI8/xHaku00BTyG3Z5U
ru6TZhycuaZnjxPom4D53SigE1AoORpwoT0OL/4jvF4kO7vNZ9QKGz1Mcg==
-----END PUBLIC KEY-----
`
const EXAMPLE_KEY_ID = '696ab5ee9710f402'
const EXAMPLE_ENTRY_BYTES =
  '{"id":"4","prev":null,"received_at":"2026-11-21T09:55:03.123456Z","record":{"lab_code":"360402-0001","message":"联调自检 第 2 次","sandbox":false},"type":"connectivity_check","uploader":"lk_0123456789abcdef","v":1,"version":1}'
const EXAMPLE_NOTE =
  'labwatch.example/ledger\n5\ndlGIp27vJ6vTmtdJ+PVfvAIBGX3R5U18NLVPts4dRFY=\ntime 2026-11-21T09:56:00.000000Z\nhash sm3\n'

function exampleReceipt(): Receipt {
  return {
    format: 'labwatch-receipt/1',
    entry: {
      v: 1,
      type: 'connectivity_check',
      id: '4',
      version: 1,
      prev: null,
      uploader: 'lk_0123456789abcdef',
      received_at: '2026-11-21T09:55:03.123456Z',
      record: { lab_code: '360402-0001', message: '联调自检 第 2 次', sandbox: false },
    },
    leaf_index: 3,
    leaf_hash: '5d73314fa5c7c852417dbba1ce5043a8de1cb0c7b0a728169c5b278c10c65ce4',
    checkpoint: {
      origin: 'labwatch.example/ledger',
      size: 5,
      root_hash: '765188a76eef27abd39ad749f8f55fbc0201197dd1e54d7c34b54fb6ce1d4456',
      time: '2026-11-21T09:56:00.000000Z',
      hash_alg: 'sm3',
      key_id: EXAMPLE_KEY_ID,
      signature: 'MEUCIQD5ZN2+WWazGDaGRIMBbOnhs/VUkfizL/Rx6dIqpEpzhQIgB9u9XM0jmH32GNIwd7pwzRlPSvxOrBOMjx10z8LKimk=',
      note: EXAMPLE_NOTE,
    },
    inclusion_proof: [
      'c470bd082419749618e454e99917b36cdeb902add3e75e35ab17636bad570ced',
      '5512418573d06720e807ee5e1419c67b65ec13a4d569a1b1315fab9c931f585f',
      '3b44337b83e9630f6663054059ea7f15df7537fe9a98ff2d48603b89948b0f2a',
    ],
  }
}

const EXAMPLE_LEDGER = { origin: 'labwatch.example/ledger', hash_alg: 'sm3' as const, key_id: EXAMPLE_KEY_ID, public_key: EXAMPLE_PEM }

/** The example as the server would serve it: latest checkpoint and proofs from the receipt. */
function exampleSources(overrides: Partial<VerificationSources> = {}): VerificationSources {
  const r = exampleReceipt()
  return {
    ledger: EXAMPLE_LEDGER,
    latestCheckpoint: async () => r.checkpoint,
    inclusionProof: async (index, size) => {
      assert.equal(index, 3)
      assert.equal(size, 5)
      return r.inclusion_proof ?? []
    },
    ...overrides,
  }
}

describe("the API manual's worked example", () => {
  test('the entry canonicalises to the printed bytes and hashes (SM3) to the printed leaf hash', async () => {
    const r = exampleReceipt()
    assert.equal(canonicalJson(r.entry), EXAMPLE_ENTRY_BYTES)
    assert.equal(toHex(await leafHash('sm3', entryBytes(r.entry))), r.leaf_hash)
  })

  test('the inclusion proof leads from leaf 3 to the root of the tree of 5', async () => {
    const r = exampleReceipt()
    const proof = (r.inclusion_proof ?? []).map(fromHex)
    const root = await rootFromInclusionProof('sm3', 3, 5, fromHex(r.leaf_hash), proof)
    assert.ok(root)
    assert.equal(toHex(root), r.checkpoint!.root_hash)
    assert.equal(await verifyInclusion('sm3', 3, 5, fromHex(r.leaf_hash), proof, root), true)
    // The same proof for another index, or a tree of another shape, does not hold (sizes 5 and
    // 6 share leaf 3's path shape: the root, not the proof, tells them apart).
    assert.equal(await verifyInclusion('sm3', 2, 5, fromHex(r.leaf_hash), proof, root), false)
    assert.equal(await verifyInclusion('sm3', 3, 9, fromHex(r.leaf_hash), proof, root), false)
  })

  test('the checkpoint note is recomputed from its members, root in base64', () => {
    const cp = exampleReceipt().checkpoint!
    assert.equal(checkpointNote(cp), EXAMPLE_NOTE)
    assert.equal(toBase64(fromHex(cp.root_hash)), 'dlGIp27vJ6vTmtdJ+PVfvAIBGX3R5U18NLVPts4dRFY=')
  })

  test('the public key: its point from the PEM, its key id from SM3 of the DER', () => {
    const spki = spkiFromPem(EXAMPLE_PEM)
    assert.equal(spki.length, 91)
    assert.equal(keyIdOf(spki), EXAMPLE_KEY_ID)
    const point = sm2PointHexFromSpki(spki)
    assert.match(point, /^04[0-9a-f]{128}$/)
    assert.equal(point, toHex(spki.subarray(26)))
    // A P-256 key (same length, other curve) is not taken for an SM2 key.
    const p256 = new Uint8Array(spki)
    p256.set(fromHex('06082a8648ce3d030107'), 15)
    assert.throws(() => sm2PointHexFromSpki(p256), LedgerFormatError)
    assert.throws(() => spkiFromPem('not a key'), LedgerFormatError)
  })

  test('the SM2 signature verifies over the note with ID 1234567812345678, and only over it', () => {
    const cp = exampleReceipt().checkpoint!
    const point = sm2PointHexFromSpki(spkiFromPem(EXAMPLE_PEM))
    assert.equal(verifySm2Signature(cp.note, cp.signature, point), true)
    assert.equal(verifySm2Signature(cp.note.replace('\n5\n', '\n6\n'), cp.signature, point), false)
    assert.equal(verifySm2Signature(cp.note, cp.signature.replace('MEUCIQD5', 'MEUCIQD6'), point), false)
    assert.equal(verifySm2Signature(cp.note, 'not base64!', point), false)
    assert.equal(checkCheckpointSignature(cp, EXAMPLE_LEDGER).status, 'ok')
  })

  test('a checkpoint whose members differ from its signed note, or that names another key, fails', () => {
    const cp = exampleReceipt().checkpoint!
    const bigger = checkCheckpointSignature({ ...cp, size: 6 }, EXAMPLE_LEDGER)
    assert.deepEqual([bigger.status, bigger.reason], ['failed', 'noteMismatch'])
    const otherKey = checkCheckpointSignature({ ...cp, key_id: '0000000000000000' }, EXAMPLE_LEDGER)
    assert.deepEqual([otherKey.status, otherKey.reason], ['failed', 'keyMismatch'])
    const resigned = checkCheckpointSignature({ ...cp, note: cp.note.replace('labwatch.example', 'other.example'), origin: 'other.example/ledger' }, EXAMPLE_LEDGER)
    assert.equal(resigned.status, 'failed')
    const badKey = checkCheckpointSignature(cp, { ...EXAMPLE_LEDGER, public_key: 'garbage' })
    assert.deepEqual([badKey.status, badKey.reason], ['failed', 'badKey'])
  })

  test('verifyReceipt passes all three steps for the example receipt', async () => {
    const v = await verifyReceipt(exampleReceipt(), exampleSources())
    assert.equal(v.leaf.status, 'ok')
    assert.equal(v.inclusion.status, 'ok')
    assert.equal(v.signature.status, 'ok')
    assert.equal(v.verdict, 'verified')
    assert.equal(v.checkpoint?.size, 5)
  })

  test('one changed character of the record fails the leaf hash and the inclusion proof', async () => {
    const r = exampleReceipt()
    r.entry.record.message = '联调自检 第 3 次'
    const v = await verifyReceipt(r, exampleSources())
    assert.deepEqual([v.leaf.status, v.leaf.reason], ['failed', 'mismatch'])
    assert.equal(v.leaf.detail?.claimed, r.leaf_hash)
    assert.notEqual(v.leaf.detail?.computed, r.leaf_hash)
    assert.deepEqual([v.inclusion.status, v.inclusion.reason], ['failed', 'rootMismatch'])
    assert.equal(v.signature.status, 'ok')
    assert.equal(v.verdict, 'failed')
  })

  test('a changed entry with a matching made-up leaf hash still fails the inclusion proof', async () => {
    const r = exampleReceipt()
    r.entry.uploader = 'lk_ffffffffffffffff'
    r.leaf_hash = toHex(await leafHash('sm3', entryBytes(r.entry)))
    const v = await verifyReceipt(r, exampleSources())
    assert.equal(v.leaf.status, 'ok')
    assert.equal(v.inclusion.status, 'failed')
    assert.equal(v.verdict, 'failed')
  })

  test('an altered proof node or checkpoint root fails the inclusion step', async () => {
    const proof = exampleReceipt().inclusion_proof!
    const altered = [proof[0], proof[1].replace(/^5/, '6'), proof[2]]
    const v = await verifyReceipt(exampleReceipt(), exampleSources({ inclusionProof: async () => altered }))
    assert.deepEqual([v.inclusion.status, v.inclusion.reason], ['failed', 'rootMismatch'])
    const short = await verifyReceipt(exampleReceipt(), exampleSources({ inclusionProof: async () => proof.slice(0, 2) }))
    assert.deepEqual([short.inclusion.status, short.inclusion.reason], ['failed', 'badProof'])
    const junk = await verifyReceipt(exampleReceipt(), exampleSources({ inclusionProof: async () => ['zz'] }))
    assert.equal(junk.inclusion.status, 'failed')
  })

  test('no checkpoint covering the leaf yet: pending, not failed', async () => {
    const cp = exampleReceipt().checkpoint!
    const smaller: Checkpoint = { ...cp, size: 3 }
    const v = await verifyReceipt(exampleReceipt(), exampleSources({ latestCheckpoint: async () => smaller }))
    assert.equal(v.leaf.status, 'ok')
    assert.deepEqual([v.inclusion.status, v.inclusion.reason], ['skipped', 'notCovered'])
    assert.equal(v.signature.status, 'skipped')
    assert.equal(v.verdict, 'pending')
    const none = await verifyReceipt(exampleReceipt(), exampleSources({ latestCheckpoint: async () => null }))
    assert.equal(none.verdict, 'pending')
  })

  test('an entry outside the canonical subset fails step a', async () => {
    const r = exampleReceipt()
    ;(r.entry.record as Record<string, unknown>).value = 20.5
    const v = await verifyReceipt(r, exampleSources())
    assert.deepEqual([v.leaf.status, v.leaf.reason], ['failed', 'notCanonical'])
    assert.equal(v.inclusion.status, 'skipped')
    assert.equal(v.verdict, 'failed')
  })
})

// ---- Canonical JSON (RFC 8785 subset) ------------------------------------------------------

describe('canonical JSON', () => {
  test('members sorted by UTF-16 code units, nested, no whitespace', () => {
    assert.equal(
      canonicalJson({ b: [{ z: 1, a: 2 }], a: { d: true, c: null }, B: '' }),
      '{"B":"","a":{"c":null,"d":true},"b":[{"a":2,"z":1}]}',
    )
    assert.equal(
      canonicalJson({ '1': { f: { f: 'hi', F: 5 }, '\n': 56 }, '10': {}, '': 'empty', a: {}, '111': [{}], A: {} }),
      '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
    )
    // U+10000 and up (surrogate pairs) sort before U+E000–U+FFFF, unlike UTF-8 byte order.
    assert.equal(canonicalJson({ '\uE000': 1, '\u{1F600}': 2, '\u00e9': 3 }), '{"\u00e9":3,"\u{1F600}":2,"\uE000":1}')
    assert.equal(canonicalJson({ peach: 1, péché: 2, pêche: 3, sin: 4 }), '{"peach":1,"péché":2,"pêche":3,"sin":4}')
  })

  test('strings escaped as JSON.stringify does, other characters as themselves', () => {
    assert.equal(canonicalJson('\u0000\u0001\b\t\n\u000b\f\r\u001f'), '"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f"')
    assert.equal(canonicalJson('"\\'), '"\\"\\\\"')
    assert.equal(canonicalJson('/\u007f\u2028\u2029中'), '"/\u007f\u2028\u2029中"')
    assert.equal(new TextDecoder().decode(entryBytes({ 'a\tb': '测' })), '{"a\\tb":"测"}')
  })

  test('integers only, of magnitude at most 2^53 − 1', () => {
    assert.equal(canonicalJson([0, -1, 42, 9007199254740991, -9007199254740991, -0]), '[0,-1,42,9007199254740991,-9007199254740991,0]')
    for (const bad of [2 ** 53, -(2 ** 53), 1.5, 1e300, NaN, Infinity]) {
      assert.throws(() => canonicalJson({ n: bad }), LedgerFormatError, String(bad))
    }
  })

  test('lone surrogates and non-JSON values are refused', () => {
    assert.throws(() => canonicalJson('a\uD800'), LedgerFormatError)
    assert.throws(() => canonicalJson({ '\uDC00x': 1 }), LedgerFormatError)
    assert.throws(() => canonicalJson([undefined]), LedgerFormatError)
    assert.throws(() => canonicalJson({ f: () => 1 }), LedgerFormatError)
    assert.equal(canonicalJson('\u{1F600}'), '"😀"')
  })
})

// ---- Hashes and RFC 9162 inclusion proofs ----------------------------------------------------

describe('hashes and inclusion proofs', () => {
  test('SM3 and SHA-256 known answers', async () => {
    // GB/T 32905 example 1: SM3("abc").
    assert.equal(toHex(await hash('sm3', new TextEncoder().encode('abc'))), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
    // RFC 6962's empty tree and empty leaf under SHA-256.
    assert.equal(toHex(await hash('sha256', new Uint8Array())), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    assert.equal(toHex(await leafHash('sha256', new Uint8Array())), '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d')
  })

  // RFC 9162 §2.1.1 MTH and §2.1.3.1 PATH, written out recursively as a reference.
  async function mth(alg: HashAlg, leaves: Uint8Array[]): Promise<Uint8Array> {
    if (leaves.length === 0) return hash(alg, new Uint8Array())
    if (leaves.length === 1) return leafHash(alg, leaves[0])
    const k = 2 ** Math.floor(Math.log2(leaves.length - 1))
    return nodeHash(alg, await mth(alg, leaves.slice(0, k)), await mth(alg, leaves.slice(k)))
  }
  async function path(alg: HashAlg, m: number, leaves: Uint8Array[]): Promise<Uint8Array[]> {
    if (leaves.length <= 1) return []
    const k = 2 ** Math.floor(Math.log2(leaves.length - 1))
    if (m < k) return [...(await path(alg, m, leaves.slice(0, k))), await mth(alg, leaves.slice(k))]
    return [...(await path(alg, m - k, leaves.slice(k))), await mth(alg, leaves.slice(0, k))]
  }

  for (const alg of ['sm3', 'sha256'] as const) {
    test(`every leaf of trees of 1 to 13 leaves proves against the root (${alg}), and nothing else does`, async () => {
      const all = Array.from({ length: 13 }, (_, i) => new TextEncoder().encode(`leaf ${i}`))
      for (let size = 1; size <= all.length; size++) {
        const leaves = all.slice(0, size)
        const root = await mth(alg, leaves)
        for (let index = 0; index < size; index++) {
          const leaf = await leafHash(alg, leaves[index])
          const proof = await path(alg, index, leaves)
          assert.equal(await verifyInclusion(alg, index, size, leaf, proof, root), true, `${index} of ${size}`)
          assert.equal(await verifyInclusion(alg, index, 2 * size + 1, leaf, proof, root), false)
          assert.equal(await verifyInclusion(alg, index, size, leaf, [...proof, root], root), false)
          if (proof.length > 0) {
            assert.equal(await verifyInclusion(alg, index, size, leaf, proof.slice(1), root), false)
            const flipped = proof.map((p, i) => (i === proof.length - 1 ? p.map((b, j) => (j === 0 ? b ^ 1 : b)) : p))
            assert.equal(await verifyInclusion(alg, index, size, leaf, flipped, root), false)
          }
          if (index + 1 < size) {
            assert.equal(await verifyInclusion(alg, index + 1, size, leaf, proof, root), false)
          }
        }
        assert.equal(await rootFromInclusionProof(alg, size, size, root, []), null)
      }
    })
  }

  test('indices beyond 2^32 are halved exactly', async () => {
    // The right-most leaf of a tree of 2^40 + 1 leaves: one proof step, the left subtree.
    const leaf = await leafHash('sha256', new Uint8Array([1]))
    const left = await leafHash('sha256', new Uint8Array([2]))
    const root = await nodeHash('sha256', left, leaf)
    assert.equal(await verifyInclusion('sha256', 2 ** 40, 2 ** 40 + 1, leaf, [left], root), true)
    assert.equal(await verifyInclusion('sha256', 2 ** 40 - 1, 2 ** 40 + 1, leaf, [left], root), false)
  })

  // The public vectors of transparency-dev/merkle (as the server's LedgerVectors test).
  const vectorsDir = join(here, '..', '..', '..', '..', 'shared', 'testdata', 'merkle', 'inclusion')

  function jsonFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const p = join(dir, name)
      return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : []
    })
  }

  test('the RFC 6962 inclusion vectors of ../shared/testdata/merkle: valid ones pass, mutations fail', async () => {
    assert.ok(existsSync(vectorsDir), `vectors not found under ${vectorsDir}`)
    const files = jsonFiles(vectorsDir)
    let valid = 0
    let refused = 0
    for (const file of files) {
      const v = JSON.parse(readFileSync(file, 'utf8')) as {
        leafIdx: number
        treeSize: number
        root: string
        leafHash: string
        proof: string[] | null
        wantErr: boolean
      }
      const ok = await verifyInclusion('sha256', v.leafIdx, v.treeSize, fromBase64(v.leafHash), (v.proof ?? []).map(fromBase64), fromBase64(v.root))
      assert.equal(ok, !v.wantErr, relative(vectorsDir, file))
      if (ok) valid++
      else refused++
    }
    assert.ok(files.length >= 90, `only ${files.length} vectors under ${vectorsDir}`)
    assert.ok(valid >= 6)
    assert.ok(refused >= 85)
  })
})
