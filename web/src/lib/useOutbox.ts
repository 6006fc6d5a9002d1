// A phone page's outbox as a Vue composable (the witness page of issue 6, the on-site capture
// page of issue 8): records are kept on the phone first (lib/outbox.ts, IndexedDB), then sent —
// now, when the browser comes back online, every minute while some wait, on the next visit, or
// when the user asks. What the platform refuses leaves the queue with its reason in both
// languages; what went through is listed as the page's `attempt` answered it.
import { computed, onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue'
import { ApiError } from '../api/client'
import { newIdempotencyKey } from '../api/specimens'
import { Outbox, retryable, type OutboxEntry } from './outbox'

/** Retry every so often while records wait (in case no `online` event comes). */
const RETRY_MS = 60_000

export interface OutboxOptions<T, S> {
  /** The IndexedDB store (one per kind of record) and its database (one per page, see Outbox.open). */
  name: string
  database?: string
  /** The signed-in account: entries belong to it. */
  owner: () => string | null
  /**
   * Sends one entry (its Idempotency-Key is `entry.key`); throws ApiError when refused. May
   * update the entry first (e.g. the hash of its uploaded attachment) with `box.update`, so
   * that later attempts send the same body under the same key.
   */
  attempt: (entry: OutboxEntry<T>, box: Outbox<T>) => Promise<S>
  /** A final refusal in Chinese and English, kept with the entry. */
  describe: (error: ApiError) => { zh: string; en: string }
}

export function useOutbox<T, S>(options: OutboxOptions<T, S>) {
  const box = shallowRef<Outbox<T> | null>(null)
  const entries = ref<OutboxEntry<T>[]>([]) as Ref<OutboxEntry<T>[]>
  const sent = ref<S[]>([]) as Ref<S[]>
  const sending = ref(false)
  /** Why the last flush stopped: 'offline', 'session', or '' (it did not stop). */
  const stalled = ref<'' | 'offline' | 'session'>('')
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  let timer: ReturnType<typeof setInterval> | null = null

  const waiting = computed(() => entries.value.filter((e) => e.state === 'waiting'))
  const failed = computed(() => entries.value.filter((e) => e.state === 'failed'))

  async function ensureBox(): Promise<Outbox<T> | null> {
    const who = options.owner()
    if (!who) return null
    if (!box.value || box.value.owner !== who) box.value = await Outbox.open<T>(options.name, who, options.database)
    return box.value
  }

  async function refresh(): Promise<void> {
    const b = await ensureBox()
    entries.value = b ? await b.entries() : []
  }

  /** Sends what waits, in order; stops at the first failure that may pass later. */
  async function flush(): Promise<void> {
    if (sending.value) return
    const b = await ensureBox()
    if (!b) return
    sending.value = true
    try {
      const { stoppedBy } = await b.flush(
        async (entry) => {
          const answer = await options.attempt(entry, b)
          sent.value = [answer, ...sent.value]
        },
        (error) => {
          if (!(error instanceof ApiError)) throw error
          if (retryable(error)) return null
          return { status: error.status, code: error.code, ...options.describe(error) }
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
  async function submit(payload: T, attachment: Blob | null): Promise<void> {
    const b = await ensureBox()
    if (!b) return
    await b.add(newIdempotencyKey(), newIdempotencyKey(), payload, attachment)
    await refresh()
    await flush()
  }

  async function discard(entry: OutboxEntry<T>): Promise<void> {
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
