// Lab API key management. Needs the lab registry API (GET /api/v1/labs, keys, rotate, revoke;
// issue 3) and the demo lab 360402-0001.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiLogin, DEMO } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'

const LAB = '360402-0001'

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

test('the security admin issues a lab key, sees the secret once, and revokes the key', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } })
  context.setDefaultTimeout(15_000)
  await apiLogin(context, DEMO.secadmin)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(`${BASE_URL}/admin/lab-keys`)
  await page.getByTestId('menu-labKeys').waitFor()

  const labRow = page.getByTestId('labs-table').locator('tr').filter({ hasText: LAB })
  await labRow.first().waitFor()

  // Issue: confirm, then the secret is shown once with a warning and a copy button.
  await labRow.first().getByTestId('lab-issue-key').click()
  const issuedResponse = page.waitForResponse((r) => r.url().endsWith(`/api/v1/labs/${LAB}/keys`) && r.request().method() === 'POST')
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  const issued = await (await issuedResponse).json()
  const dialog = page.getByTestId('secret-dialog')
  await dialog.getByTestId('secret-warning').getByText('密钥只显示这一次', { exact: false }).waitFor()
  assert.equal(await dialog.getByTestId('secret-value').innerText(), issued.secret)
  assert.match(issued.secret, /^[0-9a-f]{32,}$/)
  assert.equal(await dialog.getByTestId('secret-key-id').innerText(), issued.key_id)
  await dialog.getByTestId('secret-copy').waitFor()

  // Closed, it is gone from the page; the key list has the key but never its secret.
  await dialog.getByTestId('secret-close').click()
  await dialog.waitFor({ state: 'hidden' })
  const keysTable = page.getByTestId('keys-table')
  const keyRow = keysTable.locator('tr').filter({ hasText: issued.key_id })
  await keyRow.getByText('有效').waitFor()
  assert.equal((await page.content()).includes(issued.secret), false)
  const listed = await page.evaluate(async (lab) => (await fetch(`/api/v1/labs/${lab}/keys`)).text(), LAB)
  assert.equal(listed.includes(issued.secret), false)

  // Revoke, with a confirmation.
  await keyRow.getByTestId('key-revoke').click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await keyRow.getByText('已吊销').waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})
