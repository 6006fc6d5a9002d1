// Supervision (issue 10; JL-3.1): the violations the platform found, each with its kind's
// severity and the requirements it breaks from the violation catalogue; the station confirms
// a case with a reason. Needs the demo dataset
// (jj-station; the Jiujiang centre's late contract and plan, manual entries and anomalies).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiCall, apiLogin } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'

const STATION = { login: 'jj-station', password: 'Demo@2026st' }

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

test('JL-3.1: the violations page shows each kind’s severity and requirements from the catalogue', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  context.setDefaultTimeout(20_000)
  try {
    const { csrf } = await apiLogin(context, STATION)
    const kinds = await apiCall(context, csrf, 'GET', '/api/v1/violation-kinds')
    assert.equal(kinds.status, 200)
    const contractLate = kinds.body.items.find((k) => k.id === 'contract_late')
    assert.deepEqual(contractLate.requirements, ['JJ-3.3'])
    assert.equal(contractLate.severity, 'minor')

    const page = await context.newPage()
    await page.goto(`${BASE_URL}/violations`)
    const table = page.getByTestId('violations-table')
    await table.getByTestId('violation-severity').first().waitFor()
    // Narrowed to late contracts: every row is minor and names JJ-3.3.
    await page.getByTestId('violations-kind').click()
    await page.getByRole('option', { name: '合同上传逾期' }).click()
    await page.waitForFunction(() => {
      const rows = document.querySelectorAll('[data-testid="violations-table"] .el-table__body tr')
      return rows.length > 0 && [...rows].every((r) => r.textContent.includes('JJ-3.3'))
    })
    const severities = await table.getByTestId('violation-severity').allTextContents()
    assert.ok(severities.length > 0)
    assert.ok(severities.every((s) => s.trim() === '轻微'), severities.join(','))

    // The station opens the case, confirms it with a reason; the step is shown at once.
    await table.getByTestId('violation-open-case').first().click()
    const dialog = page.getByTestId('case-dialog')
    await dialog.getByText('JJ-3.3').waitFor()
    await dialog.getByTestId('case-text').fill('合同签订后逾期上传，属实')
    await dialog.getByTestId('case-confirm').click()
    await dialog.getByTestId('case-status').getByText('已确认').waitFor()
    await dialog.getByTestId('case-events').getByText('合同签订后逾期上传，属实').waitFor()
  } finally {
    await context.close()
  }
})
