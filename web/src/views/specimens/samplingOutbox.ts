// The witness's records on their way to the platform: kept in the phone's outbox first, then
// sent — the placard photo to the blob store, then the sampling with its Idempotency-Key —
// now, when the browser comes back online, on the next visit, or when the witness asks.
import { computed, onBeforeUnmount, onMounted, ref, shallowRef } from 'vue'
import { ApiError } from '../../api/client'
import { newIdempotencyKey, specimensApi, type NewSampling, type Sampling } from '../../api/specimens'
import { Outbox, retryable, type OutboxEntry } from '../../lib/outbox'
import { bilingualError } from './words'

/** What the page lists of a waiting or refused record. */
export interface SamplingDraft {
  body: NewSampling
  /** For the list: the project's name (the body has only its id). */
  project_name: string
}

export type SamplingEntry = OutboxEntry<SamplingDraft>

export interface SentSampling {
  id: number
  project_name: string
  part: string
  specimens: number
  captured_at: string
}

/** Retry every so often while records wait (in case no `online` event comes). */
const RETRY_MS = 60_000

export function useSamplingOutbox(owner: () => string | null) {
  const box = shallowRef<Outbox<SamplingDraft> | null>(null)
  const entries = ref<SamplingEntry[]>([])
  const sent = ref<SentSampling[]>([])
  const sending = ref(false)
  /** Why the last flush stopped: 'offline', 'session', or '' (it did not stop). */
  const stalled = ref<'' | 'offline' | 'session'>('')
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  let timer: ReturnType<typeof setInterval> | null = null

  const waiting = computed(() => entries.value.filter((e) => e.state === 'waiting'))
  const failed = computed(() => entries.value.filter((e) => e.state === 'failed'))

  async function ensureBox(): Promise<Outbox<SamplingDraft> | null> {
    const who = owner()
    if (!who) return null
    if (!box.value || box.value.owner !== who) box.value = await Outbox.open<SamplingDraft>('samplings', who)
    return box.value
  }

  async function refresh(): Promise<void> {
    const b = await ensureBox()
    entries.value = b ? await b.entries() : []
  }

  async function attempt(entry: SamplingEntry, b: Outbox<SamplingDraft>): Promise<void> {
    const body = entry.payload.body
    if (!body.placard_sha256 && entry.attachment) {
      body.placard_sha256 = (await specimensApi.uploadPhoto(entry.attachment)).sha256
      // The same body (with the photo's hash) is sent on every later attempt: same key, same body.
      await b.update(entry)
    }
    const sampling: Sampling = await specimensApi.recordSampling(body, entry.key)
    sent.value = [
      { id: sampling.id, project_name: entry.payload.project_name, part: body.part, specimens: body.specimen_count, captured_at: body.captured_at },
      ...sent.value,
    ]
  }

  /** Sends what waits, in order; stops at the first failure that may pass later. */
  async function flush(): Promise<void> {
    if (sending.value) return
    const b = await ensureBox()
    if (!b) return
    sending.value = true
    try {
      const { stoppedBy } = await b.flush(
        (entry) => attempt(entry, b),
        (error) => {
          if (!(error instanceof ApiError)) throw error
          if (retryable(error)) return null
          return { status: error.status, code: error.code, ...bilingualError(error) }
        },
      )
      const stop = stoppedBy instanceof ApiError ? stoppedBy : null
      stalled.value = !stop ? '' : stop.status === 401 || stop.code === 'unauthenticated' ? 'session' : 'offline'
    } finally {
      sending.value = false
      await refresh()
    }
  }

  /** Keeps a new record on the phone, then tries to send it. */
  async function submit(draft: SamplingDraft, photo: Blob | null): Promise<void> {
    const b = await ensureBox()
    if (!b) return
    await b.add(newIdempotencyKey(), newIdempotencyKey(), draft, photo)
    await refresh()
    await flush()
  }

  async function discard(entry: SamplingEntry): Promise<void> {
    await box.value?.remove(entry.id)
    await refresh()
  }

  function wentOnline(): void {
    online.value = true
    void flush()
  }
  function wentOffline(): void {
    online.value = false
  }

  onMounted(async () => {
    window.addEventListener('online', wentOnline)
    window.addEventListener('offline', wentOffline)
    timer = setInterval(() => {
      if (waiting.value.length > 0 && navigator.onLine) void flush()
    }, RETRY_MS)
    await refresh()
    if (waiting.value.length > 0) await flush()
  })
  onBeforeUnmount(() => {
    window.removeEventListener('online', wentOnline)
    window.removeEventListener('offline', wentOffline)
    if (timer) clearInterval(timer)
  })

  return {
    entries,
    waiting,
    failed,
    sent,
    sending,
    stalled,
    online,
    durable: computed(() => box.value?.durable ?? true),
    flush,
    submit,
    discard,
    refresh,
  }
}
