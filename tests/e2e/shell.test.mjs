import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiLogin, DEMO } from './accounts.mjs'
import { BASE_URL, launchBrowser, openPage } from './browser.mjs'

const TITLE_ZH = 'labwatch · 建设工程质量检测监管平台'
const ENGINE_LABEL = { sqlite: 'SQLite', postgresql: 'PostgreSQL' }

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

test('start page shows the Chinese product title and the database engine from /readyz', async () => {
  const readiness = await (await fetch(`${BASE_URL}/readyz`)).json()
  const engine = ENGINE_LABEL[readiness.database]
  assert.ok(engine, `unexpected database in /readyz: ${JSON.stringify(readiness)}`)

  // A Jiujiang regulator sees the checks of the labs in its region, not Jilin's (issue 3 scopes).
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } })
  context.setDefaultTimeout(15_000)
  await apiLogin(context, DEMO.regulator)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(BASE_URL + '/')
  await page.getByTestId('product-title').filter({ hasText: TITLE_ZH }).waitFor()
  await page.getByTestId('database-engine').filter({ hasText: engine }).waitFor()
  await page.getByTestId('requests-card').filter({ hasText: '请求统计' }).waitFor()
  const checks = page.getByTestId('checks-table')
  await checks.getByText('360402-0001').first().waitFor()
  assert.equal(await checks.getByText('220102-0001').count(), 0)
  assert.equal(await page.title(), TITLE_ZH)
  assert.deepEqual(errors, [])
  await context.close()
})

test('switching to English changes the menu labels and is remembered', async () => {
  const { context, page, errors } = await openPage(browser, '/')
  const menu = page.getByTestId('side-menu')
  await menu.getByText('监管总览').waitFor()

  await page.getByTestId('language-switch').getByText('English').click()
  await menu.getByText('Overview').waitFor()
  await menu.getByText('API manual').waitFor()
  assert.equal(await menu.getByText('监管总览').count(), 0)

  // After a reload the choice holds, and API calls ask for English messages.
  const readyz = page.waitForRequest((r) => r.url().endsWith('/readyz'))
  await page.reload()
  assert.equal((await readyz).headers()['accept-language'], 'en')
  await menu.getByText('Test data').waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})

test('a deep link into a module loads the app (SPA fallback)', async () => {
  const response = await fetch(`${BASE_URL}/supervision/cases`)
  assert.equal(response.status, 200)

  const { context, page, errors } = await openPage(browser, '/supervision/cases')
  await page.getByTestId('product-title').filter({ hasText: TITLE_ZH }).waitFor()
  await page.getByTestId('coming-soon').filter({ hasText: '监督执法' }).waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})
