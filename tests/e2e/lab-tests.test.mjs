// Lab test data in real time (issue 7, JJ-3.4 and item 8): the county station watches /tests/live
// while the Jiujiang centre's system — this test, signing its requests — starts a concrete test
// on specimens it received, streams the machine's readings and finishes it. The page shows the
// test's card at once, its curve growing chunk by chunk, then the test under "just finished"
// with its anomaly count; the record page shows the curves and the version history (start and
// finish, each a ledger leaf). Both pages are also opened on a 390 px phone. Needs the lab tests
// API and the demo dataset (jj-station, lab 360402-0001 with certified testers, usable machines
// and concrete specimens awaiting test).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiLogin, DEMO } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'
import { issueLabKey, labClient } from './lab-api.mjs'

const STATION = { login: 'jj-station', password: 'Demo@2026st' }
const LAB_CODE = '360402-0001'
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
/** A 150 mm cube. */
const CUBE_AREA_MM2 = 150 * 150

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function newContext(options = {}) {
  const context = await browser.newContext(options)
  context.setDefaultTimeout(20_000)
  return context
}

/**
 * A compression curve at 10 Hz: the load rises at about 11 kN/s (0.5 MPa/s on a 150 mm cube)
 * to the peak, then falls as the cube breaks.
 */
function compressionCurve(peakKn) {
  const rate = 11.25
  const points = []
  const rise = peakKn / rate
  for (let i = 0; ; i++) {
    const t = i / 10
    if (t <= rise) points.push([t, Math.round(rate * t * 100) / 100])
    else {
      const f = peakKn * (1 - (t - rise) * 0.6)
      if (f < peakKn * 0.4) break
      points.push([t, Math.round(f * 100) / 100])
    }
  }
  // The peak itself is a reading.
  points.push([Math.round((rise + 0.001) * 1000) / 1000, peakKn])
  return points.sort((a, b) => a[0] - b[0])
}

/** The lab's choices as its system makes them: a concrete group, a certified tester, a usable press. */
async function labChoices(lab) {
  const awaiting = await lab.get('/api/v1/lab-api/specimens?state=awaiting_test')
  assert.equal(awaiting.status, 200, JSON.stringify(awaiting.body))
  const bySampling = new Map()
  for (const s of awaiting.body.items) {
    if (s.material !== 'concrete') continue
    if (!bySampling.has(s.sampling_id)) bySampling.set(s.sampling_id, [])
    bySampling.get(s.sampling_id).push(s)
  }
  const group = [...bySampling.values()].find((g) => g.length >= 3)
  assert.ok(group, `no concrete group of 3 awaits testing at ${LAB_CODE}: ${JSON.stringify(awaiting.body.items)}`)
  group.sort((a, b) => a.specimen_ordinal - b.specimen_ordinal)

  const staff = await lab.get('/api/v1/lab-api/staff?limit=500')
  assert.equal(staff.status, 200, JSON.stringify(staff.body))
  const testers = staff.body.items.filter(
    (p) => p.duties?.includes('tester') && p.exam?.state === 'passed' && p.certificates?.some((c) => c.valid_today),
  )
  assert.ok(testers.length > 0, 'the lab has a certified tester')

  const equipment = await lab.get('/api/v1/lab-api/equipment?limit=500')
  assert.equal(equipment.status, 200, JSON.stringify(equipment.body))
  const capacity = (e) => Number(/([\d.]+)\s*kN/i.exec(e.measuring_range ?? '')?.[1] ?? 0)
  const machines = equipment.body.items
    .filter((e) => e.usable && e.verification_state !== 'rejected' && capacity(e) >= 1000)
    .sort((a, b) => Number(b.auto_collect) - Number(a.auto_collect) || capacity(a) - capacity(b))
  assert.ok(machines.length > 0, 'the lab has a usable press')
  return { group: group.slice(0, 3), testers, machines }
}

/** Starts a concrete test, trying the next tester or machine when one is refused. */
async function startTest(lab, choices) {
  const { group, testers, machines } = choices
  let last = null
  for (const tester of testers.slice(0, 6)) {
    for (const machine of machines.slice(0, 6)) {
      const started = await lab.post('/api/v1/lab-api/tests', {
        item: 'concrete_compression',
        standard: 'GB/T 50081-2019',
        grade: group[0].grade,
        label_codes: group.map((s) => s.label_code),
        equipment_id: machine.id,
        tester_id: tester.id,
        acquisition: 'auto',
      })
      if (started.status === 201) return started.body
      last = started
      const reasons = started.body?.details?.reasons ?? []
      if (!reasons.some((r) => r.startsWith('equipment'))) break // the tester's fault: next tester
    }
  }
  assert.fail(`no test could be started: ${last?.status} ${JSON.stringify(last?.body)}`)
}

/** The points the chart of a specimen of a test on the live page has drawn. */
async function drawnPoints(page, testId, specimen) {
  const chart = page.getByTestId(`live-chart-${testId}-${specimen}`).getByTestId('curve-chart')
  if ((await chart.count()) === 0) return 0
  return Number(await chart.getAttribute('data-points'))
}

async function waitForPoints(page, testId, specimen, atLeast) {
  const deadline = Date.now() + 15_000
  for (;;) {
    const n = await drawnPoints(page, testId, specimen)
    if (n >= atLeast) return n
    if (Date.now() > deadline) assert.fail(`the chart of specimen ${specimen} drew ${n} points, expected ${atLeast}`)
    await sleep(100)
  }
}

/** No horizontal scrolling of the page itself on a phone (tables scroll inside themselves). */
async function fitsWidth(page) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(scroll <= PHONE.viewport.width, `the page is ${scroll} px wide on a ${PHONE.viewport.width} px screen`)
}

test('JJ-3.4 item 8: the station sees a test in progress live — its card, its curve growing as readings arrive, then just finished with its anomalies — and its record with curves and versions', async () => {
  const key = await issueLabKey(browser, LAB_CODE)
  const lab = labClient(key)
  const choices = await labChoices(lab)

  // The station opens the live page; the stream connects.
  const station = await newContext({ viewport: { width: 1366, height: 900 } })
  await apiLogin(station, STATION)
  const page = await station.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e))
  await page.goto(`${BASE_URL}/tests/live`)
  await page.getByTestId('live-tests-page').waitFor()
  await page.locator('[data-testid="live-connection"][data-state="open"]').waitFor()
  await page.getByTestId('live-connection').filter({ hasText: '已连接' }).waitFor()

  // The lab starts a test: its card appears without a reload.
  const started = await startTest(lab, choices)
  assert.equal(started.status, 'running')
  const testId = started.id
  const card = page.getByTestId(`live-test-${testId}`)
  await card.waitFor()
  await card.getByText('混凝土抗压强度').waitFor()
  await card.getByText('进行中').waitFor()

  // Readings of the first specimen in chunks: the chart grows with each.
  const peaks = [812.4, 798.6, 826.1]
  const curves = peaks.map(compressionCurve)
  const chunk = 60
  const first = curves[0]
  let sent = 0
  let drawn = 0
  for (let seq = 0; sent < first.length; seq++) {
    const points = first.slice(sent, sent + chunk)
    const r = await lab.post(`/api/v1/lab-api/tests/${testId}/readings`, { specimen: 0, seq, points })
    assert.equal(r.status, 202, JSON.stringify(r.body))
    sent += points.length
    if (seq < 4) {
      // The first chunks, one at a time: each is drawn before the next is sent.
      const now = await waitForPoints(page, testId, 0, sent)
      assert.ok(now > drawn, `the curve grew (${drawn} → ${now})`)
      drawn = now
    } else {
      await sleep(30)
    }
  }
  await waitForPoints(page, testId, 0, first.length)
  // The other specimens in larger chunks.
  for (const specimen of [1, 2]) {
    const c = curves[specimen]
    for (let seq = 0, at = 0; at < c.length; seq++, at += 200) {
      const r = await lab.post(`/api/v1/lab-api/tests/${testId}/readings`, { specimen, seq, points: c.slice(at, at + 200) })
      assert.equal(r.status, 202, JSON.stringify(r.body))
    }
    await waitForPoints(page, testId, specimen, c.length)
  }

  // The lab finishes the test with its raw values and results; the curves are the readings.
  const strengths = peaks.map((p) => Math.round(((p * 1000) / CUBE_AREA_MM2) * 10) / 10)
  const finished = await lab.post(`/api/v1/lab-api/tests/${testId}/finish`, {
    results: {
      specimens: choices.group.map((s, i) => ({
        label_code: s.label_code,
        length_mm: 150,
        width_mm: 150,
        height_mm: 150,
        peak_load_kn: peaks[i],
        strength_mpa: strengths[i],
        curve: 'readings',
      })),
      group_strength_mpa: Math.round((strengths.reduce((a, b) => a + b, 0) / 3) * 10) / 10,
      conclusion: 'pass',
    },
  })
  assert.equal(finished.status, 200, JSON.stringify(finished.body))
  assert.equal(finished.body.status, 'finished')

  // The card leaves the tests in progress for "just finished", with the anomaly count.
  await card.waitFor({ state: 'detached' })
  const done = page.getByTestId(`live-finished-${testId}`)
  await done.waitFor()
  await done.getByText('待复核').waitFor()
  const anomalyTag = done.getByTestId('live-finished-anomalies')
  const anomalies = finished.body.anomalies ?? 0
  await anomalyTag.filter({ hasText: anomalies > 0 ? `${anomalies} 项异常` : '无异常' }).waitFor()

  // The record page: facts, the curves, the version history with its ledger leaves.
  await done.getByRole('link', { name: `#${testId}` }).click()
  await page.getByTestId('test-record-page').waitFor()
  await page.getByTestId('record-status').filter({ hasText: '待复核' }).waitFor()
  await page.getByTestId('record-facts').getByText('混凝土抗压强度').first().waitFor()
  await page.getByTestId('record-acquisition').filter({ hasText: '自动采集' }).waitFor()
  const chart = page.getByTestId('record-curves').getByTestId('curve-chart')
  await chart.waitFor()
  assert.ok(Number(await chart.getAttribute('data-points')) > 100, 'the record shows the curves')
  const versions = page.getByTestId('record-versions-table')
  await versions.getByText('test started 开始检测').waitFor()
  await versions.getByText('test finished 检测完成').waitFor()
  assert.ok((await versions.locator('tbody tr').count()) >= 2)
  const specimens = page.getByTestId('record-specimens')
  await specimens.getByText('812.4').waitFor()
  assert.deepEqual(errors, [])

  // The same pages on a phone: usable at 390 px, nothing wider than the screen.
  const phone = await newContext(PHONE)
  await apiLogin(phone, STATION)
  const small = await phone.newPage()
  await small.goto(`${BASE_URL}/tests/live`)
  await small.locator('[data-testid="live-connection"][data-state="open"]').waitFor()
  await fitsWidth(small)
  await small.goto(`${BASE_URL}/tests/${testId}`)
  await small.getByTestId('record-status').waitFor()
  await small.getByTestId('record-curves').getByTestId('curve-chart').waitFor()
  await fitsWidth(small)
  await phone.close()
  await station.close()
})

test('JL-2.3: a lab user reviewing a finished test sees the server’s refusal or the review recorded', async () => {
  const labUser = await newContext()
  await apiLogin(labUser, DEMO.labAdmin)
  const page = await labUser.newPage()
  await page.goto(`${BASE_URL}/tests`)
  await page.getByTestId('tests-page').waitFor()
  // The finished tests of the lab (the one the first test finished, at least).
  await page.getByTestId('tests-status').click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '待复核' }).click()
  const link = page.getByTestId('test-link').first()
  await link.waitFor()
  await link.click()
  await page.getByTestId('record-review').waitFor()
  await page.getByTestId('review-reject').click()
  // A rejection needs a note.
  await page.getByTestId('review-error').filter({ hasText: '退回须填写复核意见' }).waitFor()
  await page.getByTestId('review-note').fill('e2e 复核')
  await page.getByTestId('review-confirm').click()
  // The demo lab admin is not a certified second person: the refusal is shown in words; were it
  // one, the result would be final.
  await Promise.race([
    page.getByTestId('review-error').filter({ hasNotText: '退回须填写复核意见' }).waitFor(),
    page.getByTestId('record-status').filter({ hasText: '已复核' }).waitFor(),
  ])
  await labUser.close()
})
