// The signed-in user, shared by the header, the router guard and the pages.
import { computed, readonly, ref } from 'vue'
import { api, ApiError, setCsrfToken, type LoginRequest, type Role, type SessionUser } from '../api/client'

const user = ref<SessionUser | null>(null)
/** True once the first GET /api/v1/auth/me has answered (either way). */
const checked = ref(false)
let firstCheck: Promise<void> | null = null

function signedIn(next: SessionUser, csrf: string): void {
  user.value = next
  setCsrfToken(csrf)
}

function signedOut(): void {
  user.value = null
  setCsrfToken(null)
}

/** Asks the server whether this browser has a live session (on app start, and after changes). */
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

/** Resolves once the first /auth/me has answered (starts it when nobody has yet). */
function ready(): Promise<void> {
  firstCheck ??= refresh()
  return firstCheck
}

/** Signs in; rethrows the ApiError for the form to show. */
async function login(credentials: LoginRequest): Promise<SessionUser> {
  const result = await api.login(credentials)
  signedIn(result.user, result.csrf_token)
  checked.value = true
  firstCheck ??= Promise.resolve()
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

/** Forgets the session locally (the server said it has ended). */
function forget(): void {
  signedOut()
}

/**
 * What the signed-in user must do before anything else: change the password first, then enrol
 * TOTP; null when nothing is pending.
 */
const pendingStep = computed<'password' | 'totp' | null>(() => {
  if (!user.value) return null
  if (user.value.must_change_password) return 'password'
  if (user.value.totp_enrolment_required) return 'totp'
  return null
})

function hasRole(...roles: Role[]): boolean {
  return user.value !== null && roles.includes(user.value.role)
}

export const session = {
  user: readonly(user),
  checked: readonly(checked),
  isSignedIn: computed(() => user.value !== null),
  pendingStep,
  hasRole,
  refresh,
  ready,
  login,
  logout,
  forget,
}
