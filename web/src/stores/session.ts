// The signed-in user, shared by the header and the login page.
import { computed, readonly, ref } from 'vue'
import { api, ApiError, setCsrfToken, type LoginRequest, type SessionUser } from '../api/client'

const user = ref<SessionUser | null>(null)
/** True once the first GET /api/v1/auth/me has answered (either way). */
const checked = ref(false)

function signedIn(next: SessionUser, csrf: string): void {
  user.value = next
  setCsrfToken(csrf)
}

function signedOut(): void {
  user.value = null
  setCsrfToken(null)
}

/** Asks the server whether this browser has a live session (on app start). */
async function refresh(): Promise<void> {
  try {
    const info = await api.me()
    signedIn(info.user, info.csrf_token)
  } catch (error) {
    // 401 unauthenticated is the normal anonymous answer; other failures leave the user signed out too.
    if (!(error instanceof ApiError)) throw error
    signedOut()
  } finally {
    checked.value = true
  }
}

/** Signs in; rethrows the ApiError for the form to show. */
async function login(credentials: LoginRequest): Promise<SessionUser> {
  const result = await api.login(credentials)
  signedIn(result.user, result.csrf_token)
  checked.value = true
  return result.user
}

/** Signs out on the server; the local state is cleared even when the server call fails. */
async function logout(): Promise<void> {
  try {
    await api.logout()
  } finally {
    signedOut()
  }
}

export const session = {
  user: readonly(user),
  checked: readonly(checked),
  isSignedIn: computed(() => user.value !== null),
  refresh,
  login,
  logout,
}
