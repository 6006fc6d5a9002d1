// On-site tests (issue 8, JL-1.2, JL-1.3, JL-2.4): the Jiujiang centre's system — this test,
// signing its requests — registers a component, opens a batch, starts and finishes an on-site
// test and sends its data; the tester, on a 390×844 touch screen with the phone's position
// granted, picks the test on the capture page, confirms the component code and takes a photo (a
// JPEG drawn in the browser, so without EXIF: time and place come from the capture stamp) while
// offline; it waits on the phone and goes when the network returns; the platform accepts it
// without findings, and a second photo naming another component is accepted
// but flagged. The regulator sees the batch, the test's thumbnails, metadata and findings. In
// Jilin (a late upload locks the batch), a test whose data arrives 2 h 05 min after its finish
// locks its batch; the Jilin regulator sees it locked first and lifts the lock with a reason, and
// rejects the lab's force-majeure filing made too late. Needs the on-site API and the demo
// dataset (stations, regulators, labs 360402-0001 and 220102-0001 with certified testers,
// usable instruments and projects with witnesses).
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, test } from 'node:test'
import { apiCall, apiLogin, DEMO, uniqueLogin } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'
import { issueLabKey, labClient } from './lab-api.mjs'

const JJ = { lab: '360402-0001', region: '360402', station: { login: 'jj-station', password: 'Demo@2026st' } }
const JL = { lab: '220102-0001', region: '220102', station: { login: 'jl-station', password: 'Demo@2026jst' } }
const JL_REGULATOR = { login: 'jl-regulator', password: 'Demo@2026jl', secret: 'NRQWE53BORRWQLLEMVWW6LLKNQWXEZLH' }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
/** On-site items of several categories: the first the lab is qualified for is used. */
const ITEMS = ['concrete_rebound', 'rebar_cover', 'pile_low_strain', 'bolt_torque', 'insulation_bond_strength', 'compaction_degree']
const MINUTE = 60_000

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

async function newContext(options = {}) {
  const context = await browser.newContext(options)
  context.setDefaultTimeout(20_000)
  return context
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const unique = (prefix) => `${prefix}-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`.toUpperCase()

/** The centre of a project's site (a circle's centre, a polygon's mean vertex). */
function centreOf(site) {
  if (site.kind === 'circle') return site.centre
  const n = site.area.length
  return { lat: site.area.reduce((s, p) => s + p.lat, 0) / n, lng: site.area.reduce((s, p) => s + p.lng, 0) / n }
}

/** A project of the station's county with an active witness, seen by the station. */
async function projectWithWitness(context, csrf, region) {
  const projects = await apiCall(context, csrf, 'GET', `/api/v1/projects?region=${region}&limit=50`)
  assert.equal(projects.status, 200, JSON.stringify(projects.body))
  for (const summary of projects.body.items) {
    const project = await apiCall(context, csrf, 'GET', `/api/v1/projects/${summary.id}`)
    assert.equal(project.status, 200, JSON.stringify(project.body))
    const witness = project.body.assignments.find((a) => a.active && a.duty === 'witness' && Date.parse(a.starts_at) < Date.now() - 6 * 3600_000)
    if (witness) return { project: project.body, witnessId: witness.person_id, centre: centreOf(project.body.site) }
  }
  assert.fail(`no project of ${region} has an active witness`)
}

/** The lab's certified testers and usable instruments, as its system reads them. */
async function labChoices(lab) {
  const staff = await lab.get('/api/v1/lab-api/staff?limit=500')
  assert.equal(staff.status, 200, JSON.stringify(staff.body))
  const testers = staff.body.items.filter((p) => p.duties?.includes('tester') && p.exam?.state === 'passed' && p.certificates?.some((c) => c.valid_today))
  assert.ok(testers.length > 0, 'the lab has a certified tester')
  const equipment = await lab.get('/api/v1/lab-api/equipment?limit=500')
  assert.equal(equipment.status, 200, JSON.stringify(equipment.body))
  const machines = equipment.body.items.filter((e) => e.usable && e.verification_state !== 'rejected')
  assert.ok(machines.length > 0, 'the lab has a usable instrument')
  return { testers, machines }
}

/**
 * Registers a component of the project, opens a batch and starts an on-site test of it at
 * `startedAt`: the first item the lab is qualified for, the first tester and instrument the
 * platform accepts.
 */
async function startOnsiteTest(lab, { project, witnessId }, startedAt, tester = null) {
  const code = unique('E2E-KZ')
  const component = await lab.post(`/api/v1/lab-api/projects/${project.id}/components`, { code, name: '框架柱 frame column', part: '2 层 B 轴' })
  assert.equal(component.status, 201, JSON.stringify(component.body))
  const choices = await labChoices(lab)
  const testers = tester ? [tester] : choices.testers
  const { machines } = choices
  let last = null
  for (const item of ITEMS) {
    const batch = await lab.post('/api/v1/lab-api/onsite-batches', { project_id: project.id, item, batch_no: unique('E2E-PC') })
    assert.equal(batch.status, 201, JSON.stringify(batch.body))
    for (const tester of testers.slice(0, 6)) {
      for (const machine of machines.slice(0, 6)) {
        const started = await lab.post('/api/v1/lab-api/onsite-tests', {
          batch_id: batch.body.id,
          component_code: code,
          equipment_id: machine.id,
          tester_ids: [tester.id],
          witness_id: witnessId,
          started_at: iso(startedAt),
        })
        if (started.status === 201) return { batch: batch.body, test: started.body, code, tester }
        last = started
        const reasons = started.body?.details?.reasons ?? []
        if (reasons.includes('lab_not_qualified') || reasons.includes('witness_not_registered') || reasons.includes('component_unknown')) break
        if (!reasons.some((r) => r.startsWith('equipment'))) break // the tester's fault: next tester
      }
      const reasons = last?.body?.details?.reasons ?? []
      if (reasons.includes('lab_not_qualified') || reasons.includes('witness_not_registered') || reasons.includes('component_unknown')) break
    }
  }
  assert.fail(`no on-site test could be started: ${last?.status} ${JSON.stringify(last?.body)}`)
}

/**
 * A lab user on the phone: an account the lab admin creates linked to one of the certified
 * testers (the person the platform stamps into the upload), its first password changed. Answers
 * the tester.
 */
async function testerAccount(context, labAdmin, testers) {
  const admin = await newContext()
  const { csrf } = await apiLogin(admin, labAdmin)
  const account = { login: uniqueLogin('e2e-tester'), password: `Tst@${randomBytes(6).toString('hex')}` }
  let tester = null
  let made = null
  // A person already linked to an account (an earlier run on the same server) is skipped.
  for (const candidate of testers) {
    made = await apiCall(admin, csrf, 'POST', '/api/v1/users', {
      login: account.login,
      display_name: candidate.name,
      role: 'lab_staff',
      person_id: candidate.id,
      password: account.password,
    })
    if (made.status === 201) {
      tester = candidate
      break
    }
  }
  assert.ok(tester, `no tester could be given an account: ${made?.status} ${JSON.stringify(made?.body)}`)
  await admin.close()
  const session = await apiLogin(context, account)
  if (session.user.must_change_password) {
    const password = `Tst@${randomBytes(6).toString('hex')}`
    const changed = await apiCall(context, session.csrf, 'POST', '/api/v1/auth/password', { old_password: account.password, new_password: password })
    assert.equal(changed.status, 204, JSON.stringify(changed.body))
    await apiLogin(context, { ...account, password })
  }
  return tester
}

/** A photo of the site as the phone's camera gives it: a JPEG drawn in the page, unlike any other. */
async function sitePhoto(page, seed) {
  const base64 = await page.evaluate((s) => {
    let x = s >>> 0 || 1
    const random = () => ((x = (x * 1103515245 + 12345) >>> 0) % 10_000) / 10_000
    const canvas = document.createElement('canvas')
    canvas.width = 960
    canvas.height = 720
    const g = canvas.getContext('2d')
    const sky = g.createLinearGradient(0, 0, 0, 720)
    sky.addColorStop(0, `hsl(${Math.floor(random() * 360)}, 45%, 70%)`)
    sky.addColorStop(1, `hsl(${Math.floor(random() * 360)}, 30%, 35%)`)
    g.fillStyle = sky
    g.fillRect(0, 0, 960, 720)
    for (let i = 0; i < 40; i++) {
      g.fillStyle = `hsl(${Math.floor(random() * 360)}, ${30 + Math.floor(random() * 50)}%, ${20 + Math.floor(random() * 60)}%)`
      if (random() < 0.5) g.fillRect(random() * 960, random() * 720, 40 + random() * 300, 40 + random() * 300)
      else {
        g.beginPath()
        g.arc(random() * 960, random() * 720, 20 + random() * 160, 0, Math.PI * 2)
        g.fill()
      }
    }
    return canvas.toDataURL('image/jpeg', 0.92).split(',')[1]
  }, seed)
  return Buffer.from(base64, 'base64')
}

/** Opens an Element Plus select and picks the option showing `text` (a string or a RegExp). */
async function pick(page, select, text) {
  await select.click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first().click()
}

/** No horizontal scrolling of the page itself on a phone. */
async function fitsWidth(page) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth)
  if (scroll > PHONE.viewport.width) {
    const wide = await page.evaluate((w) => [...document.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > w + 1).slice(0, 8).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`), PHONE.viewport.width)
    console.log(wide)
  }
  assert.ok(scroll <= PHONE.viewport.width, `the page is ${scroll} px wide on a ${PHONE.viewport.width} px screen`)
}

test('JL-1.3 JL-2.4 issue 8 item 5: a tester photographs an on-site test on a phone — stamped with time, place, tester, instrument and component — and the regulator sees its thumbnail, metadata and findings', async () => {
  const lab = labClient(await issueLabKey(browser, JJ.lab))
  const station = await newContext()
  const { csrf: stationCsrf } = await apiLogin(station, JJ.station)
  const site = await projectWithWitness(station, stationCsrf, JJ.region)
  await station.close()

  // The tester's phone, at the site, signed in as a lab user linked to a certified tester.
  const phone = await newContext({ ...PHONE, geolocation: { latitude: site.centre.lat, longitude: site.centre.lng, accuracy: 8 }, permissions: ['geolocation'] })
  const tester = await testerAccount(phone, DEMO.labAdmin, (await labChoices(lab)).testers)

  // The lab's system: component, batch, test started 40 min ago, finished 2 min ago, its data.
  const now = Date.now()
  const { batch, test: started, code } = await startOnsiteTest(lab, site, now - 40 * MINUTE, tester)
  assert.equal(started.upload_status, 'open')
  const finished = await lab.post(`/api/v1/lab-api/onsite-tests/${started.id}/finish`, { finished_at: iso(now - 2 * MINUTE), finish_source: 'instrument' })
  assert.equal(finished.status, 200, JSON.stringify(finished.body))
  assert.equal(finished.body.upload_status, 'awaiting')
  const data = await lab.post(`/api/v1/lab-api/onsite-tests/${started.id}/data`, { readings: [{ name: '回弹代表值 rebound', value: '38.6', unit: 'MPa' }] })
  assert.equal(data.status, 201, JSON.stringify(data.body))

  const page = await phone.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e))
  await page.goto(`${BASE_URL}/onsite/capture`)
  await page.getByTestId('capture-page').waitFor()
  await pick(page, page.getByTestId('capture-test'), new RegExp(`^#${started.id} `))
  await page.getByTestId('capture-component').filter({ hasText: code }).waitFor()
  await page.getByTestId('capture-tester').filter({ hasText: tester.name }).waitFor()
  await page.getByTestId('capture-gps').filter({ hasText: site.centre.lat.toFixed(4) }).waitFor()
  await fitsWidth(page)

  // The component's code confirmed, the photo taken while the phone is offline: it waits on the
  // phone with its capture-time stamp, and goes when the network returns — accepted, no findings.
  await page.getByTestId('capture-code').fill(code)
  await page.getByTestId('capture-code-ok').waitFor()
  const photo = await sitePhoto(page, now % 100_000)
  await phone.setOffline(true)
  await page.getByTestId('capture-file').setInputFiles({ name: 'site-1.jpg', mimeType: 'image/jpeg', buffer: photo })
  await page.getByTestId('outbox-count').filter({ hasText: '待上传 1 张照片' }).waitFor()
  await phone.setOffline(false)
  const first = page.getByTestId('sent-photo').first()
  await page.locator('[data-testid="sent-photo"], [data-testid="outbox-failed-item"]').first().waitFor()
  if ((await first.count()) === 0) assert.fail(`the photo was refused: ${await page.getByTestId('outbox-failed-item').first().innerText()}`)
  const clean = await first.getByTestId('sent-clean').count()
  const kinds = await first.locator('[data-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
  assert.equal(clean, 1, `the photo was accepted without findings, found: ${kinds.join(', ')}`)
  const firstPhotoId = Number(await first.getAttribute('data-photo'))

  // A second photo naming another component: accepted, and flagged for the regulator.
  await page.getByTestId('capture-code').fill(`${code}-X`)
  await page.getByTestId('capture-code-mismatch').waitFor()
  await page.getByTestId('capture-file').setInputFiles({ name: 'site-2.jpg', mimeType: 'image/jpeg', buffer: await sitePhoto(page, (now % 100_000) + 7) })
  await page.getByTestId('sent-photo').nth(1).waitFor()
  const flagged = page.getByTestId('sent-photo').first()
  await flagged.locator('[data-kind="component_mismatch"]').waitFor()
  await flagged.getByText('构件编号与记录不符').waitFor()
  assert.deepEqual(errors, [])
  await phone.close()

  // The regulator: the batch, its test on time, the photos with thumbnails, metadata, findings.
  const regulator = await newContext({ viewport: { width: 1366, height: 900 } })
  await apiLogin(regulator, DEMO.regulator)
  const desk = await regulator.newPage()
  desk.on('pageerror', (e) => errors.push(e))
  await desk.goto(`${BASE_URL}/onsite/batches`)
  await desk.getByTestId('onsite-batches-page').waitFor()
  await desk.getByTestId('batches-search').fill(batch.batch_no)
  await desk.getByTestId('batches-search').press('Enter')
  await desk.getByTestId('batch-link').filter({ hasText: batch.batch_no }).click()
  await desk.getByTestId('onsite-batch-page').waitFor()
  await desk.getByTestId('batch-lock-badge').filter({ hasText: '未锁定' }).waitFor()
  await desk.getByTestId('batch-test-status').filter({ hasText: '按时上传' }).waitFor()
  await desk.getByTestId('batch-test-link').filter({ hasText: `#${started.id}` }).click()
  await desk.getByTestId('onsite-test-page').waitFor()
  await desk.getByTestId('onsite-test-component').filter({ hasText: code }).waitFor()
  const photos = desk.getByTestId('onsite-photo')
  await photos.nth(1).waitFor()
  assert.equal(await photos.count(), 2)

  const good = desk.locator(`[data-testid="onsite-photo"][data-photo="${firstPhotoId}"]`)
  await good.getByTestId('onsite-photo-place').filter({ hasText: '在场地内' }).waitFor()
  await good.getByTestId('onsite-photo-gps').filter({ hasText: site.centre.lat.toFixed(4) }).waitFor()
  await good.getByText('拍照页签注').first().waitFor()
  await good.getByText(tester.name).first().waitFor()
  const thumb = good.getByTestId('onsite-photo-thumb').locator('img')
  await thumb.waitFor()
  await desk.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumb.elementHandle())
  const bad = desk.locator('[data-testid="onsite-photo"]').filter({ has: desk.getByTestId('onsite-photo-flagged') })
  await bad.locator('[data-kind="component_mismatch"]').waitFor()
  await bad.getByText(`${code}-X`).first().waitFor()
  // The full image opens from the thumbnail.
  await thumb.click()
  await desk.locator('.el-image-viewer__img').waitFor()
  await desk.keyboard.press('Escape')
  assert.deepEqual(errors, [])
  await regulator.close()
})

test('JL-1.3: data uploaded 2 h 05 min after the finish in Jilin locks the batch; the regulator sees it locked first, lifts the lock with a reason, and rejects a force-majeure filing made too late', async () => {
  const lab = labClient(await issueLabKey(browser, JL.lab))
  const station = await newContext()
  const { csrf: stationCsrf } = await apiLogin(station, JL.station)
  const site = await projectWithWitness(station, stationCsrf, JL.region)
  await station.close()

  const now = Date.now()
  const { batch, test: started } = await startOnsiteTest(lab, site, now - 5 * 60 * MINUTE)
  const finished = await lab.post(`/api/v1/lab-api/onsite-tests/${started.id}/finish`, { finished_at: iso(now - 125 * MINUTE), finish_source: 'lab' })
  assert.equal(finished.status, 200, JSON.stringify(finished.body))
  const filing = await lab.post(`/api/v1/lab-api/onsite-tests/${started.id}/force-majeure`, { reason: '现场停电，仪器无法导出数据 power cut at the site' })
  assert.equal(filing.status, 201, JSON.stringify(filing.body))
  assert.equal(filing.body.in_time, false)
  const data = await lab.post(`/api/v1/lab-api/onsite-tests/${started.id}/data`, { readings: [{ name: '保护层厚度 cover', value: 26, unit: 'mm' }] })
  assert.equal(data.status, 201, JSON.stringify(data.body))
  assert.equal(data.body.upload_status, 'late')

  const regulator = await newContext({ viewport: { width: 1366, height: 900 } })
  await apiLogin(regulator, JL_REGULATOR)
  const page = await regulator.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e))

  // Locked batches first: the new one is among them, with its reason.
  await page.goto(`${BASE_URL}/onsite/batches`)
  await page.getByTestId('onsite-batches-page').waitFor()
  const firstRow = page.getByTestId('batches-table').locator('tbody tr').first()
  await firstRow.getByTestId('batch-locked').waitFor()
  await page.getByTestId('batches-search').fill(batch.batch_no)
  await page.getByTestId('batches-search').press('Enter')
  const row = page.getByTestId('batches-table').locator('tbody tr').filter({ hasText: batch.batch_no })
  await row.getByTestId('batch-locked').waitFor()
  await row.getByText('数据或照片迟传').waitFor()
  await row.getByTestId('batch-link').click()

  // The batch page: the lock, its cause; lifting it needs a reason.
  await page.getByTestId('onsite-batch-page').waitFor()
  await page.getByTestId('batch-lock').waitFor()
  await page.getByTestId('batch-test-status').filter({ hasText: '迟传' }).waitFor()
  await page.getByTestId('batch-unlock').click()
  const dialog = page.getByTestId('unlock-dialog')
  await dialog.getByTestId('reason-confirm').click()
  await dialog.getByTestId('reason-error').filter({ hasText: '请填写原因' }).waitFor()
  const reason = '已核实现场停电记录，数据完整 verified the power cut; the data are complete'
  await dialog.getByTestId('reason-text').fill(reason)
  await dialog.getByTestId('reason-confirm').click()
  await page.getByTestId('batch-lock-badge').filter({ hasText: '未锁定' }).waitFor()
  await page.getByTestId('batch-unlock-reason').filter({ hasText: reason }).waitFor()
  assert.equal(await page.getByTestId('batch-lock').count(), 0)
  const detail = await apiCall(regulator, null, 'GET', `/api/v1/onsite-batches/${batch.id}`)
  assert.equal(detail.status, 200)
  assert.equal(detail.body.locked, false)
  assert.equal(detail.body.locks[0].unlock_reason, reason)

  // The late filing: the regulator rejects it with a reason.
  await page.goto(`${BASE_URL}/onsite/force-majeure`)
  await page.getByTestId('force-majeure-page').waitFor()
  const filingRow = page.getByTestId('filings-table').locator('tbody tr').filter({ hasText: `#${started.id}` })
  await filingRow.getByTestId('filing-in-time').filter({ hasText: '逾期报备' }).waitFor()
  await filingRow.getByTestId('filing-decide').click()
  const decide = page.getByTestId('filing-dialog')
  await decide.getByTestId('reason-verdict-reject').click()
  await decide.getByTestId('reason-text').fill('超过 2 小时报备 filed after 2 hours')
  await decide.getByTestId('reason-confirm').click()
  await filingRow.getByTestId('filing-status').filter({ hasText: '已驳回' }).waitFor()
  assert.deepEqual(errors, [])
  await regulator.close()
})
