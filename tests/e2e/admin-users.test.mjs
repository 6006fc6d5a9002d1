// User and role administration. Needs the user administration API (GET/POST /api/v1/users,
// GET /api/v1/roles; issue 3).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiLogin, DEMO, uniqueLogin } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

async function signedInPage(account, path) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } })
  context.setDefaultTimeout(15_000)
  await apiLogin(context, account)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(`${BASE_URL}${path}`)
  return { context, page, errors }
}

test('the system admin lists users, filters by role and creates a lab staff account', async () => {
  const { context, page, errors } = await signedInPage(DEMO.sysadmin, '/admin/users')
  await page.getByTestId('menu-users').waitFor()
  const table = page.getByTestId('users-table')
  for (const login of ['sysadmin', 'secadmin', 'auditadmin', 'jj-regulator', 'lab-jj-01']) {
    await table.getByText(login, { exact: true }).first().waitFor()
  }
  // What this role may do is spelt out; role changes are the security admin's.
  await page.getByTestId('users-permissions').getByText('创建用户', { exact: false }).waitFor()
  assert.equal(await page.getByTestId('user-role').count(), 0)
  assert.ok((await page.getByTestId('user-reset').count()) > 0)

  // Filter by role.
  await page.getByTestId('users-filter-role').click()
  await page.getByRole('option', { name: '审计管理员' }).click()
  const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/users?') && r.url().includes('role=audit_admin'))
  await page.getByTestId('users-search').click()
  assert.equal((await filtered).status(), 200)
  await table.getByText('auditadmin', { exact: true }).waitFor()
  assert.equal(await table.getByText('jj-regulator', { exact: true }).count(), 0)

  // Create a lab staff account through the dialog.
  const login = uniqueLogin('e2e-staff')
  await page.getByTestId('users-create').click()
  const dialog = page.getByTestId('user-create-dialog')
  await dialog.getByTestId('user-login').fill(login)
  await dialog.getByTestId('user-display-name').fill('端到端 检测人员')
  await dialog.getByTestId('user-role').click()
  await page.getByRole('option', { name: '检测人员', exact: true }).click()
  await dialog.getByTestId('user-lab').fill('360402-0001')
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST')
  await dialog.getByTestId('user-create-submit').click()
  assert.equal((await created).status(), 201)
  await table.getByText(login, { exact: true }).waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('the security admin may change roles but not create users', async () => {
  const { context, page, errors } = await signedInPage(DEMO.secadmin, '/admin/users')
  const table = page.getByTestId('users-table')
  await table.getByText('jj-regulator', { exact: true }).waitFor()
  assert.equal(await page.getByTestId('users-create').count(), 0)
  assert.ok((await page.getByTestId('user-role').count()) > 0)
  assert.equal(await page.getByTestId('user-reset').count(), 0)
  await page.getByTestId('users-permissions').getByText('变更角色', { exact: false }).waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})
