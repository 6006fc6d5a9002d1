// The tester's photos on their way to the platform (lib/useOutbox.ts): each photo is kept on the
// phone with the stamp made at capture, then streamed to the blob store and attached to its
// test with the same Idempotency-Key on every attempt — the stamp keeps the capture time, however
// late the upload goes.
import { onsiteApi, type OnsitePhoto, type PhotoStamp } from '../../api/onsite'
import { specimensApi } from '../../api/specimens'
import type { OutboxEntry } from '../../lib/outbox'
import { useOutbox } from '../../lib/useOutbox'
import { bilingualError } from './words'

export interface PhotoDraft {
  test_id: number
  stamp: PhotoStamp
  /** Set once the photo is in the blob store (later attempts send the same body). */
  sha256: string
  /** For the list: the test's item. */
  item: string
}

export type PhotoEntry = OutboxEntry<PhotoDraft>

export interface SentPhoto {
  test_id: number
  item: string
  stamp: PhotoStamp
  photo: OnsitePhoto
}

export function usePhotoOutbox(owner: () => string | null) {
  return useOutbox<PhotoDraft, SentPhoto>({
    name: 'photos',
    database: 'labwatch-onsite',
    owner,
    describe: bilingualError,
    async attempt(entry, box) {
      const draft = entry.payload
      if (!draft.sha256 && entry.attachment) {
        draft.sha256 = (await specimensApi.uploadPhoto(entry.attachment)).sha256
        await box.update(entry)
      }
      const photo = await onsiteApi.addPhoto(draft.test_id, draft.sha256, draft.stamp, entry.key)
      return { test_id: draft.test_id, item: draft.item, stamp: draft.stamp, photo }
    },
  })
}
