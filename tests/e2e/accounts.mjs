// Demo accounts and signing in through the API, shared by the browser tests.
import { createHmac, randomBytes } from 'node:crypto'
import { BASE_URL } from './browser.mjs'

// Fixed demo TOTP secrets (src/app/demo.cpp, also printed in the server banner): base32 of
// "labwatch-demo-…".
export const DEMO = {
  regulator: { login: 'jj-regulator', password: 'Demo@2026jj', secret: 'NRQWE53BORRWQLLEMVWW6LLKNIWXEZLH' },
  // Signs in through the login form only (login.test.mjs): the form cannot wait out a TOTP code
  // another file used in the same 30 s step, so no other test uses this account.
  regulator2: { login: 'jj-regulator2', password: 'Demo@2026jj2', secret: 'NRQWE53BORRWQLLEMVWW6LLKNIWXEZJS' },
  sysadmin: { login: 'sysadmin', password: 'Demo@2026sys', secret: 'NRQWE53BORRWQLLEMVWW6LLTPFZWCZDN' },
  secadmin: { login: 'secadmin', password: 'Demo@2026sec', secret: 'NRQWE53BORRWQLLEMVWW6LLTMVRWCZDN' },
  auditadmin: { login: 'auditadmin', password: 'Demo@2026aud', secret: 'NRQWE53BORRWQLLEMVWW6LLBOVSGCZDN' },
  labAdmin: { login: 'lab-jj-01', password: 'Demo@2026lab' },
}

/** RFC 4648 base32 (no padding needed) to bytes. */
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const out = []
  for (const ch of text.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase()) {
    const index = alphabet.indexOf(ch)
    if (index < 0) throw new Error(`not base32: ${ch}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** RFC 6238 TOTP: HMAC-SHA1, 30-second steps, 6 digits. */
export function totp(secret, timeMs = Date.now()) {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 1000 / 30)))
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000
  return String(code).padStart(6, '0')
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits, when the current 30 s step ends within `marginMs`, until the next one starts. */
export async function freshTotpStep(marginMs = 3_000) {
  const remaining = 30_000 - (Date.now() % 30_000)
  if (remaining < marginMs) await sleep(remaining + 200)
}

/** A login nobody has used, for accounts a test creates. */
export function uniqueLogin(prefix) {
  return `${prefix}-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
}

/**
 * Signs `account` in through POST /api/v1/auth/login within a browser context (its cookie jar
 * then holds the session, for the context's pages too) and returns {user, csrf}. A TOTP code is
 * accepted once per 30 s step, and the test files share the demo accounts: when another file
 * used this step's code already (`totp_invalid` "reused"), the next step's code is used.
 */
export async function apiLogin(context, account) {
  for (let attempt = 0; ; attempt++) {
    await freshTotpStep()
    const data = { login: account.login, password: account.password }
    if (account.secret) data.totp = totp(account.secret)
    const response = await context.request.post(`${BASE_URL}/api/v1/auth/login`, { data })
    const body = await response.json().catch(() => null)
    if (response.ok()) return { user: body.user, csrf: body.csrf_token }
    const reused = body?.code === 'totp_invalid' && body?.details?.reason === 'reused'
    if (!reused || attempt >= 2) {
      throw new Error(`login of ${account.login} failed: ${response.status()} ${JSON.stringify(body)}`)
    }
    await sleep(30_000 - (Date.now() % 30_000) + 200)
  }
}

/** A JSON API call within the context's session; returns {status, body}. */
export async function apiCall(context, csrf, method, path, data) {
  const response = await context.request.fetch(`${BASE_URL}${path}`, {
    method,
    headers: csrf ? { 'X-CSRF-Token': csrf } : {},
    ...(data === undefined ? {} : { data }),
  })
  const text = await response.text()
  let body = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = text
  }
  return { status: response.status(), body }
}
