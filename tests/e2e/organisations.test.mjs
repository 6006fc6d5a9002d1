// Organisations (issue 5 item 2): a regulator and the system admin register organisations
// through the dialog, a failed credit-code check is explained and overridden by the system
// admin with a reason, and the list finds them by search. Needs the organisations API and the
// demo dataset (regions of Jiujiang and Jilin, demo organisations).
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { after, before, test } from 'node:test'
import { apiLogin, DEMO } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'

// GB 32100: the check character of the first 17 symbols.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
function creditCheck(first17) {
  const sum = [...first17].reduce((s, c, i) => s + ALPHABET.indexOf(c) * WEIGHTS[i], 0)
  return ALPHABET[(31 - (sum % 31)) % 31]
}
/** A credit code nobody has registered yet, valid or with its check character one off. */
function freshCode(region, valid = true) {
  const serial = Array.from({ length: 7 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
  const first17 = `91${region}MA${serial}`
  const check = creditCheck(first17)
  return first17 + (valid ? check : ALPHABET[(ALPHABET.indexOf(check) + 1) % ALPHABET.length])
}

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

async function fillDialog(dialog, org) {
  await dialog.getByTestId('org-name').fill(org.name)
  await dialog.getByTestId('org-credit-code').fill(org.code)
  await dialog.getByTestId('org-region').fill(org.region)
  await dialog.getByTestId('org-address').fill(org.address)
  await dialog.getByTestId('org-contact-name').fill('测试联系人')
  await dialog.getByTestId('org-contact-phone').fill('0792-8000000')
}

test('a regulator registers an organisation through the dialog and finds it by search', async () => {
  const { context, page, errors } = await signedInPage(DEMO.regulator, '/organisations')
  await page.getByTestId('menu-organisations').waitFor()
  const table = page.getByTestId('organisations-table')
  // The demo's Jiujiang organisations are listed; Jilin's are outside the regulator's region.
  await table.getByText('九江市城市发展集团有限公司').waitFor()
  assert.equal(await table.getByText('长春市城市发展投资控股有限公司').count(), 0)

  const org = {
    name: `九江市端到端测试建筑有限公司${randomInt(1_000_000)}`,
    code: freshCode('360402'),
    region: '360402',
    address: '九江市濂溪区测试路 1 号',
  }
  await page.getByTestId('org-create').click()
  const dialog = page.getByTestId('org-create-dialog')
  await dialog.getByTestId('org-kind').click()
  await page.locator('.el-select-dropdown__item:visible').getByText('施工单位', { exact: true }).click()
  await fillDialog(dialog, org)
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/organisations') && r.request().method() === 'POST')
  await dialog.getByTestId('org-create-submit').click()
  assert.equal((await created).status(), 201)
  await dialog.waitFor({ state: 'hidden' })
  // The list now shows it (searched by its credit code).
  await table.getByText(org.name).waitFor()

  // Search by part of the name, filtered by kind.
  await page.getByTestId('org-search').fill('端到端测试建筑')
  await page.getByTestId('org-search-submit').click()
  const row = table.locator('tr').filter({ hasText: org.name })
  await row.waitFor()
  await row.getByText('施工单位').waitFor()
  await row.getByText(org.code).waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('a failed check character is explained, and the system admin admits the code with a reason', async () => {
  const { context, page, errors } = await signedInPage(DEMO.sysadmin, '/organisations')
  const org = {
    name: `吉林省端到端校验放行混凝土有限公司${randomInt(1_000_000)}`,
    code: freshCode('220102', false),
    region: '220102',
    address: '长春市南关区测试大街 2 号',
  }
  await page.getByTestId('org-create').click()
  const dialog = page.getByTestId('org-create-dialog')
  await dialog.getByTestId('org-kind').click()
  await page.locator('.el-select-dropdown__item:visible').getByText('预拌混凝土企业', { exact: true }).click()
  await fillDialog(dialog, org)
  assert.equal(await dialog.getByTestId('org-override-reason').count(), 0)
  await dialog.getByTestId('org-create-submit').click()
  // The server names the character it expects; the override field appears for the admin.
  const expected = creditCheck(org.code.slice(0, 17))
  await dialog.getByTestId('org-create-error').getByText(`应为“${expected}”`, { exact: false }).waitFor()
  await dialog.getByTestId('org-override-reason').fill('营业执照原件如此，已核实 as printed on the licence')
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/organisations') && r.request().method() === 'POST')
  await dialog.getByTestId('org-create-submit').click()
  const response = await created
  assert.equal(response.status(), 201)
  assert.equal((await response.json()).credit_override, '营业执照原件如此，已核实 as printed on the licence')
  await dialog.waitFor({ state: 'hidden' })
  const row = page.getByTestId('organisations-table').locator('tr').filter({ hasText: org.name })
  await row.getByText('经管理员放行', { exact: false }).waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('the regions tree opens Jiujiang, and the policies page shows both profiles and the calendar convention', async () => {
  const { context, page, errors } = await signedInPage(DEMO.regulator, '/regions')
  const tree = page.getByTestId('region-tree')
  await tree.getByText('吉林省（220000）').waitFor()
  await tree.getByText('江西省（360000）').click()
  await tree.getByText('九江市（360400）').click()
  await tree.getByText('濂溪区（360402）').click()
  const detail = page.getByTestId('region-detail')
  await detail.getByText('江西省 / 九江市').waitFor()
  await detail.getByText('九住建', { exact: false }).waitFor()

  await page.goto(`${BASE_URL}/policies`)
  await page.getByRole('tab', { name: /吉林省/ }).click()
  await page.getByText('吉建质〔2026〕2号', { exact: true }).waitFor()
  await page.getByRole('tab', { name: '正式实施 · 2026-07-01' }).waitFor()
  // Jilin's witness-change rule in words, not the file's token.
  await page.getByText('变更生效后报告', { exact: true }).first().waitFor()
  const convention = page.getByTestId('calendar-convention')
  await convention.getByText('23:59:59.999999', { exact: false }).waitFor()
  await convention.getByTestId('calendar-compute').click()
  await convention.getByTestId('calendar-result').getByText('2026-02-26', { exact: false }).waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})
