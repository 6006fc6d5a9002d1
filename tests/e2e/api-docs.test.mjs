import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { BASE_URL, launchBrowser, openPage } from './browser.mjs'

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

test('JJ-4.6: /docs lists the endpoints of the OpenAPI spec and links to the download', async () => {
  const spec = await fetch(`${BASE_URL}/api/v1/openapi.yaml`)
  assert.equal(spec.status, 200)

  const { context, page, errors } = await openPage(browser, '/docs')
  const operations = page.getByTestId('operation')
  for (const path of ['/healthz', '/api/v1/blobs']) {
    await operations.filter({ has: page.getByText(path, { exact: true }) }).first().waitFor()
  }

  const link = page.getByTestId('download-spec')
  assert.equal(await link.getAttribute('href'), '/api/v1/openapi.yaml')
  assert.notEqual(await link.getAttribute('download'), null)
  assert.deepEqual(errors, [])
  await context.close()
})
