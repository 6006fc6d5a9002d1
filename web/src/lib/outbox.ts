// A small outbox in the browser's IndexedDB (issue 6, offline-tolerant witness page): what was
// captured is kept on the device first, with its attachment (a photo as a Blob), and sent
// afterwards — at once when the network is there, else when it returns or on the next visit.
// Each entry keeps its Idempotency-Key, so sending it again never creates a second record.
// Entries belong to the account that made them: another account on the same phone never sends
// them. When IndexedDB is unavailable the queue lives in memory (lost on reload; the page says so).

export type OutboxState = 'waiting' | 'failed'

/** Why an entry was given up: the server's answer, in both languages. */
export interface OutboxFailure {
  status: number
  code: string
  zh: string
  en: string
}

export interface OutboxEntry<T> {
  id: string
  owner: string
  /** The Idempotency-Key every attempt sends. */
  key: string
  created_at: string
  state: OutboxState
  payload: T
  attachment: Blob | null
  failure: OutboxFailure | null
}

/** What an attempt's error says about trying again. */
export interface AttemptError {
  status: number
  code: string
  details?: unknown
}

const RETRY_CODES = ['csrf_mismatch', 'unauthenticated', 'password_change_required', 'totp_enrolment_required', 'rate_limited']

/**
 * Whether an attempt may succeed later unchanged: no network (status 0), the session to renew,
 * rate limits, the server's own failures, or the same key still in flight. Every other answer
 * (a label already bound, a witness not eligible, invalid input) is final.
 */
export function retryable(e: AttemptError): boolean {
  if (e.status === 0 || e.status === 401 || e.status === 408 || e.status === 429 || e.status >= 500) return true
  if (RETRY_CODES.includes(e.code)) return true
  const reason = (e.details as { reason?: unknown } | null | undefined)?.reason
  return e.status === 409 && reason === 'idempotency_key_in_flight'
}

interface Store<T> {
  all(): Promise<OutboxEntry<T>[]>
  put(entry: OutboxEntry<T>): Promise<void>
  remove(id: string): Promise<void>
}

/** A structured-clonable copy (IndexedDB refuses the proxies of a reactive UI state). */
function plain<V>(value: V): V {
  return JSON.parse(JSON.stringify(value)) as V
}

function promised<R>(request: IDBRequest<R>): Promise<R> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function idbStore<T>(db: IDBDatabase, name: string): Store<T> {
  const run = async <R>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<R>): Promise<R> => {
    const tx = db.transaction(name, mode)
    const result = await promised(op(tx.objectStore(name)))
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error)
    })
    return result
  }
  return {
    all: () => run('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry<T>[]>),
    put: async (entry) => {
      await run('readwrite', (s) => s.put(entry))
    },
    remove: async (id) => {
      await run('readwrite', (s) => s.delete(id))
    },
  }
}

/** Per store name, like a database shared by every page of the site. */
const memory = new Map<string, Map<string, unknown>>()

function memoryStore<T>(name: string): Store<T> {
  if (!memory.has(name)) memory.set(name, new Map())
  const entries = memory.get(name) as Map<string, OutboxEntry<T>>
  return {
    all: async () => [...entries.values()],
    put: async (entry) => {
      entries.set(entry.id, entry)
    },
    remove: async (id) => {
      entries.delete(id)
    },
  }
}

async function openStore<T>(dbName: string, name: string): Promise<{ store: Store<T>; durable: boolean }> {
  try {
    if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB')
    const open = indexedDB.open(dbName, 1)
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(name)) open.result.createObjectStore(name, { keyPath: 'id' })
    }
    const db = await promised(open)
    return { store: idbStore<T>(db, name), durable: true }
  } catch {
    return { store: memoryStore<T>(name), durable: false }
  }
}

/** The outbox `name` of the signed-in account `owner`. */
export class Outbox<T> {
  private constructor(
    private readonly store: Store<T>,
    readonly owner: string,
    /** False when entries live in memory only. */
    readonly durable: boolean,
  ) {}

  /**
   * `database`: one IndexedDB database per kind of outbox (a store is only added when its
   * database is created, and a database shared by pages would need upgrading while another tab
   * holds it open).
   */
  static async open<T>(name: string, owner: string, database = 'labwatch-outbox'): Promise<Outbox<T>> {
    const { store, durable } = await openStore<T>(database, name)
    return new Outbox(store, owner, durable)
  }

  /** The owner's entries, oldest first. */
  async entries(): Promise<OutboxEntry<T>[]> {
    const all = await this.store.all()
    return all.filter((e) => e.owner === this.owner).sort((a, b) => a.created_at.localeCompare(b.created_at))
  }

  /** Keeps a new entry, waiting to be sent. */
  async add(id: string, key: string, payload: T, attachment: Blob | null): Promise<OutboxEntry<T>> {
    const entry: OutboxEntry<T> = {
      id,
      owner: this.owner,
      key,
      created_at: new Date().toISOString(),
      state: 'waiting',
      payload: plain(payload),
      attachment,
      failure: null,
    }
    await this.store.put(entry)
    return entry
  }

  update(entry: OutboxEntry<T>): Promise<void> {
    return this.store.put({ ...entry, payload: plain(entry.payload), failure: entry.failure ? plain(entry.failure) : null })
  }

  remove(id: string): Promise<void> {
    return this.store.remove(id)
  }

  /**
   * Sends the waiting entries in order with `attempt`. An entry is removed once sent; given up
   * (state failed, with `failure(error)`) on a final answer; on a retryable error sending stops
   * and the rest wait. Answers how many were sent and the error that stopped it, if any.
   */
  async flush(
    attempt: (entry: OutboxEntry<T>) => Promise<void>,
    failure: (error: unknown) => OutboxFailure | null,
  ): Promise<{ sent: number; stoppedBy: unknown }> {
    let sent = 0
    for (const entry of await this.entries()) {
      if (entry.state !== 'waiting') continue
      try {
        await attempt(entry)
        await this.remove(entry.id)
        sent++
      } catch (error) {
        const final = failure(error)
        if (!final) return { sent, stoppedBy: error }
        await this.update({ ...entry, state: 'failed', failure: final })
      }
    }
    return { sent, stoppedBy: null }
  }
}
