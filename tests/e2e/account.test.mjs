// Password change and TOTP enrolment, forced after sign-in. Needs the user administration API
// (POST /api/v1/users), the restricted session and /api/v1/auth/totp/* (issue 3): each test
// creates its own account as sysadmin, so the demo accounts stay as they are for other files.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiCall, apiLogin, DEMO, totp, uniqueLogin } from './accounts.mjs'
import { BASE_URL, launchBrowser, openPage } from './browser.mjs'

let browser
let admin
before(async () => {
  browser = await launchBrowser()
  const context = await browser.newContext()
  const { csrf } = await apiLogin(context, DEMO.sysadmin)
  admin = { context, csrf }
})
after(async () => {
  await admin?.context.close()
  await browser?.close()
})

async function createUser(spec) {
  const created = await apiCall(admin.context, admin.csrf, 'POST', '/api/v1/users', spec)
  assert.equal(created.status, 201, JSON.stringify(created.body))
  return created.body
}

/** Signs in on the login page with password only (no TOTP field filled). */
async function signInOnPage(page, login, password) {
  await page.getByTestId('login-name').fill(login)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

/** Changes the password on /account/password. */
async function changePassword(page, oldPassword, newPassword) {
  await page.getByTestId('password-old').fill(oldPassword)
  await page.getByTestId('password-new').fill(newPassword)
  await page.getByTestId('password-repeat').fill(newPassword)
  await page.getByTestId('password-submit').click()
}

test('a user with a password to change is kept on the change-password page until it is changed', async () => {
  const login = uniqueLogin('e2e-pw')
  const initial = 'Init@2026-pw'
  await createUser({ login, display_name: '端到端 改密测试', role: 'lab_staff', lab_code: '360402-0001', password: initial })
  // An administrator's reset always forces a change, whatever the creation did.
  const users = await apiCall(admin.context, admin.csrf, 'GET', `/api/v1/users?q=${login}`)
  const id = users.body.items.find((u) => u.login === login).id
  const reset = await apiCall(admin.context, admin.csrf, 'POST', `/api/v1/users/${id}/password`, { password: initial })
  assert.equal(reset.status, 204)

  const { context, page, errors } = await openPage(browser, '/login')
  await signInOnPage(page, login, initial)
  await page.waitForURL(/\/account\/password/)
  await page.getByTestId('password-forced').waitFor()
  // The policy hint in Chinese.
  await page.getByTestId('password-policy').getByText('至少 8 个字符').waitFor()
  await page.getByTestId('password-policy').getByText('不能包含登录名').waitFor()

  // Elsewhere is out of reach: the app routes back, the server refuses other calls.
  await page.goto(`${BASE_URL}/docs`)
  await page.waitForURL(/\/account\/password/)
  const refused = await page.evaluate(async () => {
    const r = await fetch('/api/v1/labs')
    return { status: r.status, code: (await r.json()).code }
  })
  assert.deepEqual(refused, { status: 403, code: 'password_change_required' })

  // A wrong current password is shown inline.
  await changePassword(page, 'Wrong@2026-pw', 'Next@2026-secure')
  await page.getByTestId('password-error').waitFor()
  assert.match(page.url(), /\/account\/password/)

  // A new password containing the login is refused before it is sent.
  await page.getByTestId('password-new').fill(`${login}A1!`)
  await page.getByTestId('password-repeat').click()
  await page.getByText('新密码不能包含登录名').waitFor()

  // Then on to where the user was headed before being held back (/docs).
  await changePassword(page, initial, 'Next@2026-secure')
  await page.waitForURL(`${BASE_URL}/docs`)
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())
  assert.equal(me.user.must_change_password, false)
  assert.deepEqual(errors, [])
  await context.close()
})

test('the user menu opens the change-password page', async () => {
  const { context, page, errors } = await openPage(browser, '/login')
  const login = uniqueLogin('e2e-menu')
  await createUser({ login, display_name: '端到端 菜单测试', role: 'lab_staff', lab_code: '360402-0001', password: 'Init@2026-menu' })
  await signInOnPage(page, login, 'Init@2026-menu')
  // Whether or not creation forces a change, the page is reachable from the user menu.
  await page.waitForURL(/\/(account\/password)?(\?.*)?$/)
  if (!page.url().includes('/account/password')) {
    await page.getByTestId('current-user').click()
    await page.getByTestId('menu-change-password').click()
    await page.waitForURL(/\/account\/password$/)
  }
  await page.getByTestId('change-password-page').waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('a regulator without TOTP enrols it after the password change: QR code, secret, confirmed code', async () => {
  const login = uniqueLogin('e2e-totp')
  const initial = 'Init@2026-totp'
  await createUser({ login, display_name: '端到端 动态码测试', role: 'regulator', region_code: '360400', password: initial })

  const { context, page, errors } = await openPage(browser, '/login')
  await signInOnPage(page, login, initial)
  await page.waitForURL(/\/account\/(password|totp)/)
  if (page.url().includes('/account/password')) {
    await changePassword(page, initial, 'Next@2026-totp')
  }
  await page.waitForURL(/\/account\/totp/)
  await page.getByTestId('totp-forced').waitFor()

  // The QR code is drawn locally on a canvas; the secret is shown as text too.
  const qr = page.getByTestId('totp-qr')
  await qr.waitFor()
  const size = await qr.evaluate((c) => ({ w: c.width, h: c.height }))
  assert.ok(size.w >= 100 && size.h >= 100, JSON.stringify(size))
  const secretText = page.locator('[data-testid="totp-secret"][data-secret]')
  const secret = await secretText.getAttribute('data-secret')
  assert.match(secret, /^[A-Z2-7]{16,}$/)
  const shown = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '')
  assert.equal(shown, secret)

  // Elsewhere is out of reach until enrolled.
  await page.goto(`${BASE_URL}/`)
  await page.waitForURL(/\/account\/totp/)
  // Reloading the page starts a new enrolment: read the secret again.
  await page.getByTestId('totp-qr').waitFor()
  const current = await secretText.getAttribute('data-secret')

  // A wrong code is refused inline.
  const right = totp(current)
  await page.getByTestId('totp-code').fill(right === '000000' ? '111111' : '000000')
  await page.getByTestId('totp-confirm').click()
  await page.getByTestId('totp-error').waitFor()

  await page.getByTestId('totp-code').fill(totp(current))
  await page.getByTestId('totp-confirm').click()
  await page.waitForURL(`${BASE_URL}/`)
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())
  assert.equal(me.user.totp_enrolled, true)
  assert.equal(me.user.totp_enrolment_required, false)
  assert.deepEqual(errors, [])
  await context.close()
})
