// People (人员, issue 5 item 4): a regulator registers a witness; the list shows the ID and phone
// numbers masked, and 显示 (after a confirmation that the look is audited) shows them in full.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiLogin, DEMO } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'

/** A fictional, valid resident ID number (GB 11643 check character), different each run. */
function residentId() {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const year = 1970 + Math.floor(Math.random() * 30)
  const seq = String(Math.floor(Math.random() * 1000)).padStart(3, '0')
  const first17 = `360402${year}0315${seq}`
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0)
  return first17 + '10X98765432'[sum % 11]
}

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

test('JJ-4.3: a regulator registers a witness, sees the numbers masked, and unmasks them (audited)', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  context.setDefaultTimeout(15_000)
  await apiLogin(context, DEMO.regulator)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(`${BASE_URL}/personnel`)
  await page.getByTestId('people-page').waitFor()

  const id = residentId()
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
  const name = `测试见证员${id.slice(-4)}`
  await page.getByTestId('people-create').click()
  const dialog = page.getByTestId('person-create-dialog')
  await dialog.getByTestId('person-form-name').fill(name)
  await dialog.getByTestId('person-form-id').fill(id)
  await dialog.getByTestId('person-form-phone').fill(phone)
  await dialog.getByTestId('person-form-lab').fill('360402-0001')
  await dialog.getByTestId('person-form-duties').getByText('见证人员').click()
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/people') && r.request().method() === 'POST')
  await dialog.getByTestId('person-form-submit').click()
  const answer = await created
  assert.equal(answer.status(), 201)
  const person = await answer.json()
  assert.equal(person.id_number, `${id.slice(0, 6)}********${id.slice(14)}`)

  // Found by the name; masked in the list, and nowhere on the page in full.
  await page.getByTestId('people-filter-q').fill(name)
  await page.getByTestId('people-search').click()
  const row = page.getByTestId('people-table').locator('tr').filter({ hasText: name })
  await row.getByTestId('person-id-number').getByText(`${id.slice(0, 6)}********${id.slice(14)}`).waitFor()
  await row.getByTestId('person-assignable').getByText('不可指派').waitFor()
  assert.equal((await page.content()).includes(id), false)
  assert.equal((await page.content()).includes(phone), false)

  // 显示: a confirmation that says the look is audited, then the full numbers.
  await row.getByTestId('person-unmask').click()
  const box = page.locator('.el-message-box')
  await box.getByText('审计日志', { exact: false }).waitFor()
  await box.getByRole('button', { name: '确定' }).click()
  await row.getByTestId('person-id-number').getByText(id, { exact: true }).waitFor()
  await row.getByTestId('person-phone').getByText(phone, { exact: true }).waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('JJ-4.3: a lab admin reads its own staff list, masked, without any way to change it', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  context.setDefaultTimeout(15_000)
  await apiLogin(context, DEMO.labAdmin)
  const page = await context.newPage()
  await page.goto(`${BASE_URL}/personnel`)
  await page.getByTestId('people-table').waitFor()
  assert.equal(await page.getByTestId('people-create').count(), 0)
  assert.equal(await page.getByTestId('person-unmask').count(), 0)
  await context.close()
})
