// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core.
import { chromium } from 'playwright-core'

export const BASE_URL = (process.env.LABWATCH_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '')

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Launches headless Chromium; Playwright gives every launch a fresh temporary profile. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  })
}

/**
 * A page in a new, isolated context (its own localStorage). Uncaught page errors are collected in
 * `errors` so a test can assert the app ran cleanly.
 */
export async function openPage(browser, path = '/') {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(BASE_URL + path)
  return { context, page, errors }
}
