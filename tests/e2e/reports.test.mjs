// Reports' public verification (issue 9, JJ-3.5): on a 390×844 touch screen, as a phone that
// scanned a report's QR code, opening the QR's URL (/V/<payload>, upper case as QR codes carry
// it) shows a valid demo report as 真实有效 with its number and the platform's signature
// verified in the browser; a revoked one as 已撤销 with the reason; a payload with one
// character changed as not genuine. A regulator revokes a valid report on /reports with a
// reason, and its public page then shows it revoked. Needs the demo dataset's reports
// (src/app/demo_reports.cpp) of the Jiujiang centre 360402-0001.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiCall, apiLogin, DEMO } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
const JJ_LAB = '360402-0001'

let browser
let regulator
let csrf
before(async () => {
  browser = await launchBrowser()
  regulator = await browser.newContext({ viewport: { width: 1366, height: 900 } })
  regulator.setDefaultTimeout(20_000)
  ;({ csrf } = await apiLogin(regulator, DEMO.regulator))
})
after(async () => {
  await regulator?.close()
  await browser?.close()
})

/** The Jiujiang centre's demo reports of a status, as the regulator lists them. */
async function demoReports(status) {
  const listed = await apiCall(regulator, csrf, 'GET', `/api/v1/reports?lab_code=${JJ_LAB}&status=${status}&kind=lab&limit=100`)
  assert.equal(listed.status, 200, JSON.stringify(listed.body))
  assert.ok(listed.body.items.length > 0, `the demo has a ${status} report`)
  return listed.body.items.sort((a, b) => a.id - b.id) // oldest first: the banner's report first
}

/** A phone opening the URL its camera read from a report's QR code. */
async function scan(payload) {
  const context = await browser.newContext(PHONE)
  context.setDefaultTimeout(20_000)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e))
  await page.goto(`${BASE_URL}/V/${payload}`)
  await page.getByTestId('verify-report-page').waitFor()
  const verdict = page.getByTestId('report-verdict')
  await verdict.waitFor()
  return { context, page, errors, verdict }
}

test('JJ-3.5: scanning a valid report on a phone shows 真实有效, its number and the platform signature verified in the browser', async () => {
  const valid = (await demoReports('valid')).find((r) => r.conclusion === 'pass')
  assert.ok(valid, 'a valid report that passed')
  const { context, page, errors, verdict } = await scan(valid.public.seal)
  assert.equal(await verdict.getAttribute('data-verdict'), 'valid')
  await verdict.getByText('真实有效').waitFor()
  assert.equal((await page.getByTestId('report-number').textContent()).trim(), valid.number)
  const signature = page.getByTestId('report-signature')
  assert.equal(await signature.getAttribute('data-signature'), 'verified')
  await signature.getByText('平台签名验证通过').waitFor()
  await page.getByTestId('report-facts').getByText(valid.title).waitFor()
  // The genuine PDF is offered: the stamped copy downloads as a PDF.
  const href = await page.getByTestId('report-pdf').getAttribute('href')
  const pdf = await context.request.get(`${BASE_URL}${href}`)
  assert.equal(pdf.status(), 200)
  assert.equal(pdf.headers()['content-type'], 'application/pdf')
  // Fits the phone: nothing wider than the screen.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1))
  assert.deepEqual(errors, [])
  await context.close()
})

test('JJ-3.5: scanning a revoked report shows 已撤销 with the reason', async () => {
  const revoked = (await demoReports('revoked')).find((r) => r.public.status_reason.includes('养护记录'))
  assert.ok(revoked, "the demo's report revoked by the regulator")
  const { context, page, errors, verdict } = await scan(revoked.public.seal)
  assert.equal(await verdict.getAttribute('data-verdict'), 'revoked')
  await verdict.getByText('已撤销').waitFor()
  await page.getByTestId('report-status-reason').getByText(revoked.public.status_reason).waitFor()
  assert.equal((await page.getByTestId('report-number').textContent()).trim(), revoked.number)
  assert.equal(await page.getByTestId('report-signature').getAttribute('data-signature'), 'verified')
  assert.deepEqual(errors, [])
  await context.close()
})

test('JJ-3.5: a payload with one character changed is not genuine', async () => {
  const valid = (await demoReports('valid')).find((r) => r.conclusion === 'pass')
  const payload = valid.public.seal
  // A character inside the signed part (the digests), replaced by another base32 character.
  const at = Math.floor(payload.length / 2)
  const altered = payload.slice(0, at) + (payload[at] === 'A' ? 'B' : 'A') + payload.slice(at + 1)
  const { context, page, errors, verdict } = await scan(altered)
  assert.equal(await verdict.getAttribute('data-verdict'), 'not_genuine')
  await verdict.getByText('无法核验').waitFor()
  assert.equal(await page.getByTestId('report-number').count(), 0, 'no facts shown for a forged seal')
  assert.deepEqual(errors, [])
  await context.close()
})

test('JJ-3.5: a regulator revokes a valid report on /reports with a reason; its public page then shows it revoked', async () => {
  const valid = await demoReports('valid')
  const banner = valid.find((r) => r.conclusion === 'pass')
  // Another valid report of the centre, the newest: the banner's report stays valid.
  const target = valid.filter((r) => r.id !== banner.id).at(-1)
  assert.ok(target, 'a second valid demo report')
  const page = await regulator.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e))
  await page.goto(`${BASE_URL}/reports`)
  await page.getByTestId('reports-page').waitFor()
  await page.getByTestId('reports-search').fill(target.number)
  await page.getByTestId('reports-search').press('Enter')
  const row = page.getByTestId('reports-table').locator('tbody tr').filter({ hasText: target.number })
  await row.getByTestId('report-status').filter({ hasText: '有效' }).waitFor()
  await row.getByTestId('report-link').click()

  await page.getByTestId('report-page').waitFor()
  assert.equal((await page.getByTestId('report-detail-number').textContent()).trim(), target.number)
  await page.getByTestId('report-qr').waitFor()
  await page.getByTestId('report-revoke').click()
  const dialog = page.getByTestId('revoke-dialog')
  await dialog.getByTestId('reason-confirm').click()
  await dialog.getByTestId('reason-error').waitFor() // a reason is required
  const reason = `监督抽查发现检测数据与原始记录不符 e2e ${Date.now().toString(36)}`
  await dialog.getByTestId('reason-text').fill(reason)
  await dialog.getByTestId('reason-confirm').click()
  await page.getByTestId('report-detail-status').filter({ hasText: '已撤销' }).waitFor()
  await page.getByTestId('report-detail-history').getByText(reason).waitFor()
  assert.equal(await page.getByTestId('report-revoke').count(), 0)
  assert.deepEqual(errors, [])
  await page.close()

  // Whoever scans it now sees it revoked, with the regulator's reason.
  const { context, page: phone, verdict } = await scan(target.public.seal)
  assert.equal(await verdict.getAttribute('data-verdict'), 'revoked')
  await phone.getByTestId('report-status-reason').getByText(reason).waitFor()
  await context.close()
})
