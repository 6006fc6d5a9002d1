import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO, freshTotpStep, totp } from './accounts.mjs'
import { BASE_URL, launchBrowser, openPage } from './browser.mjs'

const REGULATOR = DEMO.regulator2
const REGULATOR_NAME = '九江市住建局 复核员'

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

// This regulator signs in only here in the whole e2e suite: a TOTP code is accepted once per 30 s step.
test('a demo regulator signs in with password and TOTP, reaches the start page and signs out', async () => {
  const { context, page, errors } = await openPage(browser, '/')
  await page.getByTestId('login-link').click()
  await page.waitForURL(/\/login$/)
  await page.getByTestId('login-card').getByText('动态验证码', { exact: true }).waitFor()

  await page.getByTestId('login-name').fill(REGULATOR.login)
  await page.getByTestId('login-password').fill(REGULATOR.password)
  // Leave a few seconds to spare in the current 30 s step so the code is still valid on arrival.
  await freshTotpStep()
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
