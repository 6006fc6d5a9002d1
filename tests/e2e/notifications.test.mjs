// Notifications and webhooks (issue 9, JJ-3.6). A Jilin county station sees the notice to its
// county in the header's bell and on the notification centre, and marks it read: the bell goes
// down. A Jiujiang county station registers a webhook pointing at a receiver this test runs on
// 127.0.0.1, sees its secret once, sends a test: the receiver gets one POST whose
// X-Labwatch-Signature verifies with that secret, and the delivery log shows it delivered. Needs
// the notification API and the demo dataset (its announcement to each demo county).
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import { after, before, test } from 'node:test'
import { apiCall, apiLogin } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'

const JJ_STATION = { login: 'jj-station', password: 'Demo@2026st' }
const JL_STATION = { login: 'jl-station', password: 'Demo@2026jst' }

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

async function signedInPage(account, path) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } })
  context.setDefaultTimeout(20_000)
  const { csrf } = await apiLogin(context, account)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(`${BASE_URL}${path}`)
  return { context, page, errors, csrf }
}

/** A webhook receiver on 127.0.0.1: records each request, answers 200. */
async function startReceiver() {
  const received = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"ok":true}')
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { received, url: `http://127.0.0.1:${server.address().port}/labwatch-hook`, close: () => new Promise((r) => server.close(r)) }
}

async function until(check, timeoutMs, what) {
  const end = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

test('a station sees its county’s notice in the bell and the notification centre and marks it read', async () => {
  const { context, page, errors, csrf } = await signedInPage(JL_STATION, '/')
  const list = await apiCall(context, csrf, 'GET', '/api/v1/notifications?limit=50')
  assert.equal(list.status, 200, JSON.stringify(list.body))
  const notice = list.body.items.find((n) => n.kind === 'announcement')
  assert.ok(notice, 'the demo announcement reached the county station')
  const before = (await apiCall(context, csrf, 'GET', '/api/v1/notifications/unread-count')).body.unread

  // The bell in the header shows the unread count and opens the notification centre.
  const bell = page.getByTestId('notification-bell')
  await bell.waitFor()
  if (before > 0) await bell.getByText(String(Math.min(before, 99)), { exact: false }).waitFor()
  await bell.click()
  await page.waitForURL(/\/notifications$/)
  const table = page.getByTestId('notifications-table')
  const row = table.locator('.el-table__row', { hasText: notice.title_zh })
  await row.waitFor()

  if (!notice.read) {
    // Only unread: the notice is there; marked read, it leaves that view and the bell goes down.
    await page.getByTestId('notifications-unread-only').click()
    await row.waitFor()
    await row.getByTestId('notification-mark-read').click()
    await until(async () => (await table.locator('.el-table__row', { hasText: notice.title_zh }).count()) === 0, 10_000, 'the read notice to leave the unread list')
    const after = (await apiCall(context, csrf, 'GET', '/api/v1/notifications/unread-count')).body.unread
    assert.equal(after, before - 1)
    if (after === 0) await page.getByTestId('notification-unread').locator('sup').waitFor({ state: 'hidden' })
    await page.getByTestId('notifications-unread-only').click()
  }
  // Read, it stays in the full list with the time it was read.
  await table.locator('.el-table__row', { hasText: notice.title_zh }).getByTestId('notification-state').getByText('已读', { exact: false }).waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('a station registers a webhook, sees the secret once, and a test ping arrives signed', async () => {
  const receiver = await startReceiver()
  const { context, page, errors } = await signedInPage(JJ_STATION, '/webhooks')
  try {
    await page.getByTestId('webhooks-page').waitFor()
    await page.getByTestId('webhook-create').click()
    const dialog = page.getByTestId('webhook-create-dialog')
    assert.equal(await dialog.getByTestId('webhook-region').inputValue(), '360402') // the station's county
    await dialog.getByTestId('webhook-url').fill(receiver.url)
    await dialog.getByTestId('webhook-description').fill('e2e 接收端')
    const createdResponse = page.waitForResponse((r) => r.url().endsWith('/api/v1/webhooks') && r.request().method() === 'POST')
    await dialog.getByTestId('webhook-save').click()
    const created = await (await createdResponse).json()
    assert.match(created.secret, /^[0-9a-f]{64}$/)

    // The secret is shown once, then gone: the list never carries it.
    const secretDialog = page.getByTestId('webhook-secret-dialog')
    assert.equal(await secretDialog.getByTestId('webhook-secret').innerText(), created.secret)
    await secretDialog.getByTestId('webhook-secret-close').click()
    await secretDialog.waitFor({ state: 'hidden' })
    const row = page.getByTestId('webhooks-table').locator('.el-table__row', { hasText: receiver.url })
    await row.waitFor()
    assert.equal((await page.content()).includes(created.secret), false)

    // A test ping: delivered at once, signed with the secret.
    await row.getByTestId('webhook-test').click()
    await until(() => receiver.received.length >= 1, 15_000, 'the ping at the receiver')
    const got = receiver.received[0]
    assert.equal(got.method, 'POST')
    assert.equal(got.url, '/labwatch-hook')
    assert.equal(got.headers['x-labwatch-event'], 'ping')
    assert.equal(got.headers['content-type'], 'application/json')
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(got.headers['x-labwatch-signature']) ?? []
    assert.ok(t, got.headers['x-labwatch-signature'])
    assert.equal(v1, createHmac('sha256', created.secret).update(`${t}.${got.body}`).digest('hex'))
    const body = JSON.parse(got.body)
    assert.equal(body.event, 'ping')
    assert.equal(body.data.endpoint_id, created.id)

    // The delivery log shows it delivered, with its one attempt.
    const log = page.getByTestId('webhook-log')
    await log.waitFor()
    await until(
      async () => {
        await log.getByTestId('webhook-log-refresh').click()
        return (await log.getByTestId('delivery-status').getByText('已送达').count()) > 0
      },
      15_000,
      'the delivery to show delivered',
    )
    const delivery = log.locator('.el-table__row', { hasText: got.headers['x-labwatch-delivery'] })
    await delivery.waitFor()
    await page.keyboard.press('Escape')
    await log.waitFor({ state: 'hidden' })

    // Deactivated, it leaves the list of active endpoints.
    await row.getByTestId('webhook-deactivate').click()
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
    await until(async () => (await page.getByTestId('webhooks-table').locator('.el-table__row', { hasText: receiver.url }).count()) === 0, 10_000, 'the endpoint to leave the active list')
    assert.equal(receiver.received.length, 1)
    assert.deepEqual(errors, [])
  } finally {
    await context.close()
    await receiver.close()
  }
})
