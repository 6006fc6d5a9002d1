// The tamper-evident ledger page (issue 4 item 7): a record's history and the verify button,
// which recomputes the leaf hash, the inclusion proof and the checkpoint's SM2 signature in the
// browser. Needs the demo dataset: its connectivity checks are in the ledger under a checkpoint.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import { apiCall, apiLogin, DEMO } from './accounts.mjs'
import { BASE_URL, launchBrowser, openPage } from './browser.mjs'

const LAB = '360402-0001'

let browser
// The demo lab admin signs in once for the whole file (sign-ins per account are rate limited);
// each test gets its own context holding that session.
let labAdmin
before(async () => {
  browser = await launchBrowser()
  const context = await browser.newContext()
  const { csrf } = await apiLogin(context, DEMO.labAdmin)
  labAdmin = { storageState: await context.storageState(), csrf }
  await context.close()
})
after(async () => {
  await browser?.close()
})

/** A fresh browser context in the lab admin's session (no TOTP for lab roles). */
async function labAdminContext() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, storageState: labAdmin.storageState })
  context.setDefaultTimeout(15_000)
  return { context, csrf: labAdmin.csrf }
}


test('the lab admin sees the ledger and its latest checkpoint, and verifies a demo check in the browser', async () => {
  const { context, csrf } = await labAdminContext()
  const ledger = (await apiCall(context, csrf, 'GET', '/api/v1/ledger')).body
  assert.ok(ledger.checkpoint, 'the demo dataset is under a checkpoint')
  const checks = (await apiCall(context, csrf, 'GET', '/api/v1/connectivity-checks?limit=50')).body.items
  const check = checks.filter((c) => c.lab_code === LAB).at(-1) // the oldest: a demo check
  assert.ok(check, `no connectivity check of ${LAB}`)

  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(`${BASE_URL}/ledger`)

  // The menu entry, the summary and the latest checkpoint.
  await page.getByTestId('menu-ledger').filter({ hasText: '防篡改账本' }).waitFor()
  await page.getByTestId('ledger-page').getByText('防篡改账本', { exact: true }).first().waitFor()
  await page.getByTestId('ledger-origin').filter({ hasText: ledger.origin }).waitFor()
  assert.equal(await page.getByTestId('ledger-hash-alg').innerText(), ledger.hash_alg === 'sm3' ? 'SM3' : 'SHA-256')
  assert.equal(await page.getByTestId('ledger-key-id').innerText(), ledger.key_id)
  const size = Number(await page.getByTestId('ledger-checkpoint-size').innerText())
  assert.ok(size >= ledger.checkpoint.size)
  const root = page.getByTestId('ledger-checkpoint-root')
  assert.match(await root.innerText(), /^[0-9a-f]{12}…[0-9a-f]{8}$/)
  assert.match(await root.getAttribute('title'), /^[0-9a-f]{64}$/)
  assert.match(await page.getByTestId('ledger-checkpoint-time').innerText(), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)

  // The public key downloads as the PEM the API serves.
  const [pem] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-download-key').click()])
  assert.equal(pem.suggestedFilename(), `labwatch-ledger-${ledger.key_id}.pem`)
  assert.equal(await readFile(await pem.path(), 'utf8'), ledger.public_key)

  // Signing a checkpoint now answers the latest one (signed now if the ledger grew).
  const signed = page.waitForResponse((r) => r.url().endsWith('/api/v1/ledger/checkpoints') && r.request().method() === 'POST')
  await page.getByTestId('ledger-sign-now').click()
  assert.equal((await signed).status(), 200)

  // The lab's checks are listed; one opens its history, as the API has it.
  const history = (await apiCall(context, csrf, 'GET', `/api/v1/ledger/records/connectivity_check/${check.id}/history`)).body
  const receipt = history.versions[0]
  const row = page.getByTestId('ledger-records-table').locator('tbody tr').filter({ hasText: check.message })
  await row.getByTestId('ledger-record-link').click()
  await page.waitForURL(new RegExp(`/ledger/records/connectivity_check/${check.id}$`))
  const version = page.getByTestId('record-version').first()
  await version.getByText(check.message).waitFor()
  assert.equal(await page.getByTestId('record-version').count(), history.versions.length)
  assert.equal(await version.getByTestId('version-leaf-index').innerText(), String(receipt.leaf_index))
  assert.equal(await version.getByTestId('version-leaf-hash').innerText(), receipt.leaf_hash)
  assert.equal(await version.getByTestId('version-uploader').innerText(), receipt.entry.uploader)
  assert.match(await version.getByTestId('version-received').innerText(), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/)

  // Verify: the browser fetches the latest checkpoint and the inclusion proof (public data only)
  // and passes all three steps.
  const proofRequest = page.waitForRequest((r) => r.url().includes('/api/v1/ledger/proofs/inclusion?'))
  await version.getByTestId('version-verify').click()
  await proofRequest
  const verdict = version.getByTestId('verify-verdict')
  await verdict.waitFor()
  for (const step of ['leaf', 'inclusion', 'signature']) {
    assert.equal(await version.getByTestId(`verify-step-${step}`).getAttribute('data-status'), 'ok', step)
  }
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified')
  await verdict.getByText('验证通过').waitFor()
  assert.equal(await version.getByTestId('verify-step-leaf').locator('.mark').innerText(), '✓')
  assert.deepEqual(errors, [])
  await context.close()
})

test('a history whose record was changed on the way is reported as a leaf hash mismatch', async () => {
  const { context } = await labAdminContext()
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  // Change one character of the first version's record in the history the browser receives.
  let tampered = null
  await page.route('**/api/v1/ledger/records/connectivity_check/*/history', async (route) => {
    const response = await route.fetch()
    const body = await response.json()
    const record = body.versions[0].entry.record
    const original = record.message
    record.message = original.slice(0, -1) + (original.endsWith('X') ? 'Y' : 'X')
    tampered = record.message
    await route.fulfill({ response, json: body })
  })

  await page.goto(`${BASE_URL}/ledger`)
  const firstLink = page.getByTestId('ledger-record-link').first()
  await firstLink.click()
  await page.waitForURL(/\/ledger\/records\/connectivity_check\/\d+$/)
  const version = page.getByTestId('record-version').first()
  await version.waitFor()
  assert.ok(tampered, 'the history went through the interception')
  await version.getByTestId('version-fields').getByText(tampered, { exact: true }).waitFor()

  await version.getByTestId('version-verify').click()
  const verdict = version.getByTestId('verify-verdict')
  await verdict.waitFor()
  const leaf = version.getByTestId('verify-step-leaf')
  assert.equal(await leaf.getAttribute('data-status'), 'failed')
  assert.equal(await leaf.locator('.mark').innerText(), '✗')
  await leaf.getByText('叶子哈希不一致').waitFor()
  // The changed entry is not in the tree either; the checkpoint itself is still genuine.
  assert.equal(await version.getByTestId('verify-step-inclusion').getAttribute('data-status'), 'failed')
  assert.equal(await version.getByTestId('verify-step-signature').getAttribute('data-status'), 'ok')
  assert.equal(await verdict.getAttribute('data-verdict'), 'failed')
  await verdict.getByText('验证未通过').waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('a registry change shows who asked, why, and who approved it, and its version verifies', async () => {
  const { context } = await labAdminContext()
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  // The demo: registered, then renamed by a request of one regulator approved by another.
  await page.goto(`${BASE_URL}/ledger/records/lab/${LAB}`)
  const versions = page.getByTestId('record-version')
  await versions.nth(1).waitFor()
  assert.equal(await versions.count(), 2)
  const [registered, renamed] = [versions.nth(0), versions.nth(1)]
  await registered.getByTestId('version-reason').getByText('registered 登记').waitFor()
  await registered.getByTestId('version-approval-none').getByText('无需审批').waitFor()
  assert.equal(await renamed.getByTestId('version-uploader').innerText(), 'jj-regulator2')
  await renamed.getByTestId('version-reason').getByText('依资质证书更正机构全称').waitFor()
  const approval = await renamed.getByTestId('version-approval').innerText()
  assert.match(approval, /^jj-regulator 于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} 批准（变更申请 #\d+）：已核对资质证书原件/)
  await renamed.getByTestId('version-verify').click()
  await renamed.locator('[data-testid="verify-verdict"][data-verdict="verified"]').waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('a version no checkpoint covers yet is pending, and signing one from the page completes it', async () => {
  const { context } = await labAdminContext()
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  // The first look at the latest checkpoint finds none, as on a ledger not signed yet.
  await page.route(
    '**/api/v1/ledger/checkpoints/latest',
    (route) => route.fulfill({ status: 404, json: { code: 'not_found', message: 'no checkpoint yet', details: {} } }),
    { times: 1 },
  )
  await page.goto(`${BASE_URL}/ledger`)
  await page.getByTestId('ledger-record-link').first().click()
  const version = page.getByTestId('record-version').first()
  await version.getByTestId('version-verify').click()
  const verdict = version.getByTestId('verify-verdict')
  await verdict.waitFor()
  assert.equal(await verdict.getAttribute('data-verdict'), 'pending')
  await verdict.getByText('尚待签署').waitFor()
  assert.equal(await version.getByTestId('verify-step-leaf').getAttribute('data-status'), 'ok')
  assert.equal(await version.getByTestId('verify-step-inclusion').getAttribute('data-status'), 'skipped')

  const signed = page.waitForResponse((r) => r.url().endsWith('/api/v1/ledger/checkpoints') && r.request().method() === 'POST')
  await version.getByTestId('version-sign-now').click()
  assert.equal((await signed).status(), 200)
  await version.locator('[data-testid="verify-verdict"][data-verdict="verified"]').waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('a record outside the caller\'s scope is not found; the English page says so too', async () => {
  const { context } = await labAdminContext()
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(`${BASE_URL}/ledger`)
  await page.getByTestId('ledger-lookup-id').fill('999999')
  await page.getByTestId('ledger-lookup-submit').click()
  await page.waitForURL(/\/ledger\/records\/connectivity_check\/999999$/)
  await page.getByTestId('record-not-found').getByText('在您的数据范围内没有该记录').waitFor()

  await page.getByTestId('language-switch').getByText('English').click()
  await page.getByTestId('record-history').getByText('Record history: Connectivity check 999999').waitFor()
  await page.getByTestId('record-not-found').getByText('No ledger entry of this record in your data scope.').waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('anonymous visitors are sent to sign in; administrators see the summary without records', async () => {
  const anon = await openPage(browser, '/ledger')
  await anon.page.waitForURL(/\/login\?redirect=(%2F|\/)ledger$/)
  assert.deepEqual(anon.errors, [])
  await anon.context.close()

  const deep = await openPage(browser, '/ledger/records/connectivity_check/1')
  await deep.page.waitForURL(/\/login\?redirect=/)
  assert.match(decodeURIComponent(deep.page.url()), /redirect=\/ledger\/records\/connectivity_check\/1$/)
  await deep.context.close()

  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } })
  context.setDefaultTimeout(15_000)
  await apiLogin(context, DEMO.auditadmin)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(`${BASE_URL}/ledger`)
  await page.getByTestId('menu-ledger').waitFor()
  await page.getByTestId('ledger-checkpoint-size').waitFor()
  await page.getByTestId('ledger-no-scope').waitFor()
  assert.equal(await page.getByTestId('ledger-records').count(), 0)
  await page.goto(`${BASE_URL}/ledger/records/connectivity_check/1`)
  await page.getByTestId('forbidden').waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})
