import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import { apiCall, apiLogin, DEMO } from './accounts.mjs'
import { BASE_URL, launchBrowser, openPage } from './browser.mjs'

let browser
// The audit admin signs in once for the whole file (a TOTP code works once per 30 s step).
let admin
before(async () => {
  browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } })
  context.setDefaultTimeout(15_000)
  const { csrf } = await apiLogin(context, DEMO.auditadmin)
  admin = { context, csrf }
})
after(async () => {
  await admin?.context.close()
  await browser?.close()
})

/** Every visible action cell's text. */
async function actionCells(page) {
  return page.getByTestId('audit-table').getByTestId('audit-action').allInnerTexts()
}

test('the audit admin filters the audit log by action and exports it as CSV and Excel', async () => {
  const page = await admin.context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(`${BASE_URL}/audit`)

  // The menu entry is there for the audit admin, and the trail lists the demo's rows.
  await page.getByTestId('menu-audit').waitFor()
  await page.getByTestId('audit-page').getByText('审计日志', { exact: true }).first().waitFor()
  const table = page.getByTestId('audit-table')
  await table.getByText('user.create').first().waitFor()

  // Filter by action: only sign-ins remain (at least the audit admin's own).
  await page.getByTestId('audit-filter-action').click()
  await page.getByRole('option').filter({ hasText: 'auth.login' }).filter({ hasNotText: 'auth.logout' }).first().click()
  const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/audit-log?') && r.url().includes('action=auth.login'))
  await page.getByTestId('audit-search').click()
  assert.equal((await filtered).status(), 200)
  await table.getByText('auditadmin').first().waitFor()
  const actions = await actionCells(page)
  assert.ok(actions.length > 0)
  for (const text of actions) assert.match(text, /auth\.login$/)

  // CSV of the same filter, downloaded by the browser.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-csv').click()])
  assert.equal(csv.suggestedFilename(), 'labwatch-audit-log.csv')
  const text = (await readFile(await csv.path(), 'utf8')).replace(/^\uFEFF/, '')
  const lines = text.trim().split('\r\n')
  assert.match(lines[0], /^序号 seq,时间 time \(UTC\+8\),操作人 actor/)
  assert.ok(lines.length >= 2)
  for (const line of lines.slice(1)) assert.match(line, /,auth\.login,/)

  // Excel, written in the browser: a zip (xlsx) of the same rows.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-excel').click()])
  assert.equal(xlsx.suggestedFilename(), 'labwatch-audit-log.xlsx')
  const bytes = await readFile(await xlsx.path())
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK')

  assert.deepEqual(errors, [])
  await page.close()
})

test('the audit log filters by outcome, target and time on the server, and refuses bad values', async () => {
  const get = (query) => apiCall(admin.context, admin.csrf, 'GET', `/api/v1/audit-log?${query}`)

  const ok = await get('outcome=ok&limit=1000')
  assert.equal(ok.status, 200)
  assert.ok(ok.body.items.length > 0)
  assert.ok(ok.body.items.every((r) => r.outcome === 'ok'))

  const failed = await get('outcome=not_ok&limit=1000')
  assert.equal(failed.status, 200)
  assert.ok(failed.body.items.every((r) => r.outcome !== 'ok'))

  const target = await get(`target=${encodeURIComponent('user/audit')}`)
  assert.equal(target.status, 200)
  assert.ok(target.body.items.length > 0)
  assert.ok(target.body.items.every((r) => r.target.includes('user/audit')))

  const actor = await get('actor=auditadmin&action=auth.login')
  assert.equal(actor.status, 200)
  assert.ok(actor.body.items.length > 0)
  assert.ok(actor.body.items.every((r) => r.actor === 'auditadmin' && r.action === 'auth.login'))

  const future = await get(`from=${encodeURIComponent('2099-01-01T00:00:00+08:00')}`)
  assert.equal(future.status, 200)
  assert.deepEqual(future.body.items, [])
  assert.equal(future.body.next_after_seq, null)

  const past = await get(`to=${encodeURIComponent('2000-01-01T00:00:00Z')}`)
  assert.deepEqual(past.body.items, [])

  const badTime = await get('from=yesterday')
  assert.equal(badTime.status, 422)
  assert.equal(badTime.body.code, 'invalid_argument')
  assert.ok(badTime.body.details.fields.from)
  assert.ok(badTime.body.request_id)

  const reversed = await get(`from=${encodeURIComponent('2026-02-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-01-01T00:00:00+08:00')}`)
  assert.equal(reversed.status, 422)
  assert.ok(reversed.body.details.fields.to)

  const tooLong = await get(`actor=${'a'.repeat(201)}`)
  assert.equal(tooLong.status, 422)
  assert.ok(tooLong.body.details.fields.actor)

  const badUtf8 = await get('target=%FF%FE')
  assert.equal(badUtf8.status, 422)
  assert.ok(badUtf8.body.details.fields.target)

  const csv = await apiCall(admin.context, admin.csrf, 'GET', '/api/v1/audit-log/export.csv?outcome=bogus-%00')
  assert.equal(csv.status, 422)
})

test('paging follows after_seq, the filter is kept in the address, and no match shows the empty state', async () => {
  const page = await admin.context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  // Three rows a page, from the address: the demo dataset alone has more than six rows.
  const reference = await apiCall(admin.context, admin.csrf, 'GET', '/api/v1/audit-log?limit=6')
  assert.equal(reference.body.items.length, 6)
  const seqs = reference.body.items.map((r) => r.seq)
  const table = page.getByTestId('audit-table')
  const firstSeq = () => table.locator('tbody tr').first().locator('td').nth(1).innerText()

  await page.goto(`${BASE_URL}/audit?limit=3`)
  await table.getByText(String(seqs[2]), { exact: true }).waitFor()
  assert.equal(await firstSeq(), String(seqs[0]))
  assert.equal(await page.getByTestId('audit-prev').isDisabled(), true)

  const second = page.waitForResponse((r) => r.url().includes(`after_seq=${seqs[2]}`) && r.url().includes('limit=3'))
  await page.getByTestId('audit-next').click()
  assert.equal((await second).status(), 200)
  await table.getByText(String(seqs[5]), { exact: true }).waitFor()
  assert.equal(await firstSeq(), String(seqs[3]))

  await page.getByTestId('audit-prev').click()
  await table.getByText(String(seqs[0]), { exact: true }).waitFor()
  assert.equal(await page.getByTestId('audit-prev').isDisabled(), true)

  // A search puts the filter in the address; a reload keeps it.
  await page.getByTestId('audit-filter-target').fill('no-such-target-in-the-trail')
  await page.getByTestId('audit-search').click()
  await table.getByText('没有符合条件的记录').waitFor()
  assert.equal(await page.getByTestId('audit-next').isDisabled(), true)
  await page.waitForURL(/target=no-such-target-in-the-trail/)
  await page.reload()
  assert.equal(await page.getByTestId('audit-filter-target').inputValue(), 'no-such-target-in-the-trail')
  await table.getByText('没有符合条件的记录').waitFor()
  assert.deepEqual(errors, [])
  await page.close()
})

test('other roles and anonymous visitors cannot open the audit page', async () => {
  // Anonymous: to the login page, back to /audit afterwards.
  const anon = await openPage(browser, '/audit')
  await anon.page.waitForURL(/\/login\?redirect=(%2F|\/)audit$/)
  assert.deepEqual(anon.errors, [])
  await anon.context.close()

  // A lab admin (no TOTP needed): no menu entry, and the page says no access.
  const { context, page, errors } = await openPage(browser, '/login')
  await apiLogin(context, DEMO.labAdmin)
  await page.goto(`${BASE_URL}/audit`)
  await page.getByTestId('forbidden').waitFor()
  assert.equal(await page.getByTestId('menu-audit').count(), 0)
  assert.deepEqual(errors, [])
  await context.close()
})
