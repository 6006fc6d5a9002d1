import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { after, before, test } from 'node:test'
import { BASE_URL, launchBrowser, openPage } from './browser.mjs'

// Fixed demo TOTP secret of jj-regulator (src/app/demo.cpp, also printed in the server banner).
const REGULATOR = { login: 'jj-regulator', password: 'Demo@2026jj', secret: 'NRQWE53BORRWQLLEMVWW6LLKNIWXEZLH' }
const REGULATOR_NAME = '九江市住建局 监管员'

/** RFC 4648 base32 (no padding needed) to bytes. */
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const out = []
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
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
function totp(secret, timeMs = Date.now()) {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 1000 / 30)))
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000
  return String(code).padStart(6, '0')
}

test('the TOTP helper matches the RFC 6238 test vector', () => {
  // RFC 6238 appendix B, SHA-1 key "12345678901234567890" at T = 59 s → 94287082 (8 digits); 6 digits → 287082.
  assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000), '287082')
})

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

// The regulator signs in only once in the whole e2e suite: a TOTP code is accepted once per 30 s step.
test('a demo regulator signs in with password and TOTP, reaches the start page and signs out', async () => {
  const { context, page, errors } = await openPage(browser, '/')
  await page.getByTestId('login-link').click()
  await page.waitForURL(/\/login$/)
  await page.getByTestId('login-card').getByText('动态验证码', { exact: true }).waitFor()

  await page.getByTestId('login-name').fill(REGULATOR.login)
  await page.getByTestId('login-password').fill(REGULATOR.password)
  // Leave a few seconds to spare in the current 30 s step so the code is still valid on arrival.
  const remaining = 30_000 - (Date.now() % 30_000)
  if (remaining < 3_000) await new Promise((resolve) => setTimeout(resolve, remaining + 200))
  await page.getByTestId('login-totp').fill(totp(REGULATOR.secret))
  await page.getByTestId('login-submit').click()

  await page.waitForURL(`${BASE_URL}/`)
  await page.getByTestId('product-title').waitFor()
  const user = page.getByTestId('current-user')
  await user.filter({ hasText: REGULATOR_NAME }).waitFor()
  await user.filter({ hasText: '监管人员' }).waitFor()

  // The session survives a reload (GET /api/v1/auth/me on start).
  await page.reload()
  await page.getByTestId('current-user').filter({ hasText: REGULATOR_NAME }).waitFor()

  await page.getByTestId('logout').click()
  await page.waitForURL(/\/login$/)
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)
  assert.equal(me, 401)
  assert.deepEqual(errors, [])
  await context.close()
})

test('a wrong password shows the Chinese error inline on the login page', async () => {
  // One wrong attempt only (an account locks after 5), on the lab account that needs no TOTP.
  const { context, page, errors } = await openPage(browser, '/login')
  await page.getByTestId('login-name').fill('lab-jj-01')
  await page.getByTestId('login-password').fill('Wrong@2026lab')
  await page.getByTestId('login-submit').click()

  await page.getByTestId('login-error').filter({ hasText: '用户名或密码错误' }).waitFor()
  assert.match(page.url(), /\/login$/)
  // Inline only: no duplicate ElMessage toast.
  assert.equal(await page.locator('.el-message').count(), 0)
  assert.deepEqual(errors, [])
  await context.close()
})
