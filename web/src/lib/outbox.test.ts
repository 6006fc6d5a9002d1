// The witness page's outbox: which answers are retried, and how a flush treats each entry
// (in node there is no IndexedDB: the same queue runs in memory).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Outbox, retryable, type AttemptError } from './outbox'

test('network failures, session renewals, rate limits and server faults are retried', () => {
  assert.ok(retryable({ status: 0, code: 'network' }))
  assert.ok(retryable({ status: 401, code: 'unauthenticated' }))
  assert.ok(retryable({ status: 403, code: 'csrf_mismatch' }))
  assert.ok(retryable({ status: 429, code: 'rate_limited' }))
  assert.ok(retryable({ status: 503, code: 'unavailable' }))
  assert.ok(retryable({ status: 409, code: 'conflict', details: { reason: 'idempotency_key_in_flight' } }))
})

test('the server refusing the record is final', () => {
  assert.ok(!retryable({ status: 409, code: 'label_already_bound' }))
  assert.ok(!retryable({ status: 403, code: 'witness_not_eligible', details: { reasons: ['not_assigned'] } }))
  assert.ok(!retryable({ status: 422, code: 'label_other_project' }))
  assert.ok(!retryable({ status: 404, code: 'label_unknown' }))
  assert.ok(!retryable({ status: 400, code: 'invalid_argument' }))
})

test('a flush sends in order, gives up on final answers and stops at a retryable one', async () => {
  const box = await Outbox.open<{ n: number }>('test', 'witness-a')
  assert.equal(box.durable, false)
  const other = await Outbox.open<{ n: number }>('test', 'witness-b')
  for (const n of [1, 2, 3, 4]) await box.add(`id-${n}`, `key-${n}`, { n }, null)
  await other.add('id-x', 'key-x', { n: 9 }, null)

  const tried: number[] = []
  const answers: Record<number, AttemptError | null> = { 1: null, 2: { status: 409, code: 'label_already_bound' }, 3: { status: 0, code: 'network' } }
  const result = await box.flush(
    async (e) => {
      tried.push(e.payload.n)
      const answer = answers[e.payload.n]
      if (answer) throw answer
    },
    (error) => (retryable(error as AttemptError) ? null : { status: 409, code: (error as AttemptError).code, zh: '已绑定', en: 'bound' }),
  )
  assert.deepEqual(tried, [1, 2, 3])
  assert.equal(result.sent, 1)
  assert.deepEqual(result.stoppedBy, { status: 0, code: 'network' })
  const left = await box.entries()
  assert.deepEqual(
    left.map((e) => [e.payload.n, e.state, e.key]),
    [
      [2, 'failed', 'key-2'],
      [3, 'waiting', 'key-3'],
      [4, 'waiting', 'key-4'],
    ],
  )
  assert.equal(left[0].failure?.code, 'label_already_bound')
  // Another account's entries are neither listed nor sent.
  assert.deepEqual((await other.entries()).map((e) => e.payload.n), [9])
})
