// The unread count the header's bell shows, shared with the notification page so that a notice
// marked read there lowers the bell at once.
import { readonly, ref } from 'vue'
import { ApiError } from '../api/client'
import { notificationsApi } from '../api/notifications'

const unread = ref(0)

/** Asks the server again; a failure (signed out, offline) leaves the last count. */
async function refresh(): Promise<void> {
  try {
    unread.value = await notificationsApi.unreadCount()
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
  }
}

export const notices = { unread: readonly(unread), refresh }
