// The labs and equipment pages (issue 5 items 3, 5 and 10): a regulator sees the labs of its region
// with connection status and the out-of-province tag, a lab's certificates and equipment, the
// warning of calibrations running out within a month, and verifies a piece of equipment (JL-1.1
// 设备核验). Needs the demo dataset (src/app/demo_labs.cpp).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiCall, apiLogin, DEMO } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

async function regulatorPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  context.setDefaultTimeout(15_000)
  await apiLogin(context, DEMO.regulator)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  return { context, page, errors }
}

test('a regulator lists the labs of its region with connection status and the out-of-province tag', async () => {
  const { context, page, errors } = await regulatorPage()
  await page.goto(`${BASE_URL}/labs`)
  const list = page.getByTestId('labs-list')
  await list.locator('tr').filter({ hasText: '360402-0001' }).first().waitFor()
  // Jiujiang's regulator sees Jiujiang's labs only.
  assert.equal(await list.locator('tr').filter({ hasText: '220102-0001' }).count(), 0)
  // The Hubei company's branch registered in Jiujiang is out of province.
  const outside = list.locator('tr').filter({ hasText: '360402-0003' })
  await outside.getByTestId('lab-out-of-province').waitFor()
  await outside.getByTestId('lab-connection').waitFor()

  // Search by name, then open the lab: facts, certificates and equipment.
  await page.getByTestId('labs-q').fill('濂溪')
  await page.getByTestId('labs-search').click()
  await list.locator('tr').filter({ hasText: '360403-0001' }).waitFor()
  await list.locator('tr').filter({ hasText: '360402-0001' }).waitFor({ state: 'detached' })
  await list.getByTestId('lab-link').first().click()
  await page.getByTestId('lab-facts').getByText('360403-0001').waitFor()
  await page.getByTestId('lab-certificates').getByText('道路工程').waitFor()
  await page.getByTestId('lab-equipment').locator('tbody tr').first().waitFor()

  // The lab's staff, masked, and the whole list on the people page.
  await page.goto(`${BASE_URL}/labs/360402-0001`)
  const staff = page.getByTestId('lab-staff').locator('tbody tr')
  await staff.first().waitFor()
  assert.match(await staff.first().innerText(), /\d{6}\*{8}\d{3}[\dX]/)
  await page.getByTestId('lab-staff-link').click()
  await page.waitForURL(/\/personnel\?lab=360402-0001$/)
  assert.equal(await page.getByTestId('people-filter-lab').inputValue(), '360402-0001')
  assert.deepEqual(errors, [])
  await context.close()
})

test('a regulator sees the expiring-calibration warning and verifies a piece of equipment', async () => {
  const { context, page, errors } = await regulatorPage()
  await page.goto(`${BASE_URL}/equipment`)
  await page.getByTestId('menu-equipment').waitFor()
  // Calibrations running out within a month (and expired ones) are announced and highlighted.
  await page.getByTestId('equipment-warning').getByText('一个月内到期', { exact: false }).waitFor()
  const list = page.getByTestId('equipment-list')
  await list.locator('tbody tr').first().waitFor()

  await page.getByTestId('equipment-calibration').click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: '即将到期' }).click()
  await page.getByTestId('equipment-search').click()
  await list.locator('tr.row-expiring').first().waitFor()
  const states = await list.getByTestId('equipment-calibration-state').allInnerTexts()
  assert.ok(states.length > 0)
  assert.ok(states.every((s) => s.trim() === '即将到期'), states.join(','))

  // Verify a piece awaiting verification.
  await page.goto(`${BASE_URL}/equipment`)
  await list.locator('tbody tr').first().waitFor()
  await page.getByTestId('equipment-verification').click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: '待核验' }).last().click()
  await page.getByTestId('equipment-search').click()
  const row = list.locator('tbody tr').filter({ has: page.getByTestId('equipment-verify') }).first()
  await row.waitFor()
  const serial = (await row.locator('td').nth(3).innerText()).trim()
  const verified = page.waitForResponse((r) => r.url().endsWith('/verification') && r.request().method() === 'POST')
  await row.getByTestId('equipment-verify').click()
  assert.equal((await verified).status(), 200)
  await list.locator('tr').filter({ hasText: serial }).getByText('已核验').waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('a lab sees its own equipment but no verification action', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  context.setDefaultTimeout(15_000)
  const { csrf } = await apiLogin(context, DEMO.labAdmin)
  const page = await context.newPage()
  await page.goto(`${BASE_URL}/equipment`)
  const list = page.getByTestId('equipment-list')
  await list.locator('tbody tr').first().waitFor()
  assert.equal(await page.getByTestId('equipment-verify').count(), 0)
  const labs = await list.locator('tbody tr td:first-child').allInnerTexts()
  assert.ok(labs.every((l) => l.trim() === '360402-0001'), labs.join(','))
  // The server refuses the write too (must show: a lab cannot modify its own equipment's verification).
  const mine = await apiCall(context, csrf, 'GET', '/api/v1/equipment?limit=1')
  const piece = mine.body.items[0]
  const { status } = await apiCall(context, csrf, 'POST', `/api/v1/labs/${piece.lab_code}/equipment/${piece.id}/verification`, {
    state: 'verified',
  })
  assert.equal(status, 403)
  await context.close()
})
