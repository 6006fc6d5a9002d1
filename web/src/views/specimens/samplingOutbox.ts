// The witness's records on their way to the platform (lib/useOutbox.ts): kept in the phone's
// outbox first, then sent — the placard photo to the blob store, then the sampling with its
// Idempotency-Key — now, when the browser comes back online, on the next visit, or when the
// witness asks.
import { specimensApi, type NewSampling, type Sampling } from '../../api/specimens'
import type { OutboxEntry } from '../../lib/outbox'
import { useOutbox } from '../../lib/useOutbox'
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

export function useSamplingOutbox(owner: () => string | null) {
  return useOutbox<SamplingDraft, SentSampling>({
    name: 'samplings',
    owner,
    describe: bilingualError,
    async attempt(entry, box) {
      const body = entry.payload.body
      if (!body.placard_sha256 && entry.attachment) {
        body.placard_sha256 = (await specimensApi.uploadPhoto(entry.attachment)).sha256
        // The same body (with the photo's hash) is sent on every later attempt: same key, same body.
        await box.update(entry)
      }
      const sampling: Sampling = await specimensApi.recordSampling(body, entry.key)
      return { id: sampling.id, project_name: entry.payload.project_name, part: body.part, specimens: body.specimen_count, captured_at: body.captured_at }
    },
  })
}
