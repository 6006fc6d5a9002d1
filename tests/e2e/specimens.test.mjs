// The specimen chain on a phone (issue 6, JJ-1.1 … JJ-1.6, JJ-4.1, JL-2.1): the county station
// issues two QR labels to a Jiujiang project; the project's witness, on a 390×844 touch screen,
// fills in a concrete group, binds one label from a photo of its QR and the other by typing its
// code, takes the placard photo and submits — offline first, so the record waits on the phone
// (待上传 1 条) and goes when the network returns — then commissions the demo lab; the lab's
// clerk receives one specimen and refuses the other with a reason; the trace shows both.
// Needs the specimens API and the demo dataset (jj-station, lab-jj-01, a witness account of a
// Jiujiang project: jj-witness, else one the system admin creates for an assigned witness).
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, test } from 'node:test'
import QRCode from 'qrcode'
import { apiCall, apiLogin, DEMO, uniqueLogin } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'

const STATION = { login: 'jj-station', password: 'Demo@2026st' }
const WITNESS = { login: 'jj-witness', password: 'Demo@2026wit' }
const LAB_CODE = '360402-0001'
/** A real JPEG with camera metadata (shared test data, used by path). */
const PLACARD = new URL('../../../shared/testdata/exif/GPS.jpg', import.meta.url).pathname
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
/** 濂溪区, Jiujiang. */
const SITE = { latitude: 29.6832, longitude: 116.0021, accuracy: 15 }

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

/** Signs in; a first sign-in that must change its password does so (to a new one it returns). */
async function signIn(context, account) {
  const session = await apiLogin(context, account)
  if (!session.user.must_change_password) return { ...session, account }
  const password = `Wit@${randomBytes(6).toString('hex')}`
  const changed = await apiCall(context, session.csrf, 'POST', '/api/v1/auth/password', { old_password: account.password, new_password: password })
  assert.equal(changed.status, 204, JSON.stringify(changed.body))
  const next = { ...account, password }
  return { ...(await apiLogin(context, next)), account: next }
}

/**
 * A witness account and one of its projects the station may issue labels to (濂溪区 360402): the
 * demo's jj-witness when there is one, else an account the system admin makes for a witness
 * assigned to a 360402 project.
 */
async function witnessAccount(stationContext, stationCsrf) {
  const probe = await newContext()
  const demo = await probe.request.post(`${BASE_URL}/api/v1/auth/login`, { data: WITNESS })
  await probe.close()
  if (demo.ok()) return WITNESS

  const admin = await newContext()
  const { csrf } = await apiLogin(admin, DEMO.sysadmin)
  const projects = await apiCall(stationContext, stationCsrf, 'GET', '/api/v1/projects?region=360402&limit=50')
  assert.equal(projects.status, 200, JSON.stringify(projects.body))
  for (const summary of projects.body.items) {
    const project = await apiCall(stationContext, stationCsrf, 'GET', `/api/v1/projects/${summary.id}`)
    for (const a of project.body.assignments.filter((x) => x.active && x.duty === 'witness')) {
      const account = { login: uniqueLogin('e2e-witness'), password: `Wit@${randomBytes(6).toString('hex')}` }
      const made = await apiCall(admin, csrf, 'POST', '/api/v1/users', {
        login: account.login,
        display_name: a.person_name,
        role: 'witness',
        person_id: a.person_id,
        password: account.password,
      })
      if (made.status === 201) {
        await admin.close()
        return account
      }
    }
  }
  await admin.close()
  throw new Error('no witness assigned to a 360402 project could be given an account')
}

/**
 * JL-2.1 commissions only a connected lab: keys in force and a call within 7 days. The demo lab
 * sent its connectivity checks at start; when it holds no key, the security admin issues one.
 */
async function ensureConnected(labContext) {
  const lab = await labContext.request.get(`${BASE_URL}/api/v1/labs/${LAB_CODE}`)
  assert.equal(lab.status(), 200)
  if ((await lab.json()).connection_status === 'connected') return
  const admin = await newContext()
  const { csrf } = await apiLogin(admin, DEMO.secadmin)
  const issued = await apiCall(admin, csrf, 'POST', `/api/v1/labs/${LAB_CODE}/keys`)
  assert.equal(issued.status, 201, JSON.stringify(issued.body))
  await admin.close()
  const after = await labContext.request.get(`${BASE_URL}/api/v1/labs/${LAB_CODE}`)
  assert.equal((await after.json()).connection_status, 'connected')
}

/** Opens an Element Plus select and picks the option showing `text` (typed when `type`). */
async function pick(page, select, text, type = false) {
  await select.click()
  if (type) await page.keyboard.type(text)
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first().click()
}

test('JJ-1.1 JJ-1.4 JJ-1.6 JJ-4.1: a witness binds two labels on a phone (QR photo and typed code, offline first); the lab receives one and refuses the other; the trace shows both', async () => {
  // The station's side: two labels for a project of the witness.
  const station = await newContext()
  const { csrf: stationCsrf } = await apiLogin(station, STATION)
  const witnessLogin = await witnessAccount(station, stationCsrf)

  const phone = await newContext({ ...PHONE, geolocation: SITE, permissions: ['geolocation'] })
  const witness = await signIn(phone, witnessLogin)
  const mine = await apiCall(phone, witness.csrf, 'GET', '/api/v1/witness/projects')
  assert.equal(mine.status, 200, JSON.stringify(mine.body))
  let project = null
  let batch = null
  for (const p of mine.body.items.filter((x) => x.samplers.length > 0)) {
    const issued = await apiCall(station, stationCsrf, 'POST', `/api/v1/projects/${p.id}/label-batches`, {
      quantity: 2,
      requested_by: 'contractor',
      note: '端到端测试 e2e',
    })
    if (issued.status === 201) {
      project = p
      batch = issued.body
      break
    }
  }
  assert.ok(project, `the station may issue labels to a project of ${witness.account.login}`)
  const detail = await apiCall(station, stationCsrf, 'GET', `/api/v1/label-batches/${batch.id}`)
  assert.equal(detail.status, 200)
  const [first, second] = detail.body.labels
  assert.equal(first.state, 'free')
  assert.match(first.url, new RegExp(`/q/${first.code}$`))

  // The witness's phone page.
  const page = await phone.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(`${BASE_URL}/witness`)
  await page.getByTestId('witness-page').waitFor()
  await page.getByTestId('sampling-form').waitFor()
  if (mine.body.items.length > 1) await pick(page, page.getByTestId('sampling-project'), project.name)
  await page.getByTestId('sampling-part').fill('3# 楼 5 层楼板（端到端测试）')
  await page.getByTestId('sampling-grade').fill('C30')
  await page.getByTestId('sampling-quantity').fill('12 m³')
  const specimens = page.getByTestId('sampling-specimens').locator('input')
  await specimens.fill('2')
  await specimens.blur()
  const moulds = page.getByTestId('sampling-moulds').locator('input')
  await moulds.fill('2')
  await moulds.blur()
  await page.getByTestId('sampling-maker-name').fill('九江建工集团')
  await page.getByTestId('sampling-curer-name').fill('九江建工集团')
  // JJ-1.3: a ready-mix plant as maker is flagged at once, and put back.
  await pick(page, page.getByTestId('sampling-maker-kind'), '预拌混凝土企业')
  await page.getByTestId('ready-mix-warning').waitFor()
  await pick(page, page.getByTestId('sampling-maker-kind'), '施工单位')
  await page.getByTestId('ready-mix-warning').waitFor({ state: 'detached' })
  if (project.samplers.length > 1) await pick(page, page.getByTestId('sampling-sampler'), project.samplers[0].name)
  await page.getByTestId('sampling-seal').fill(`F-${Date.now().toString(36).toUpperCase()}`)

  // Specimen 1: a photo of its QR (decoded in the browser); specimen 2: typed, with a typo first.
  const qr = await QRCode.toBuffer(first.url, { type: 'png', width: 360, margin: 4 })
  await page.getByTestId('specimen-1-code-file').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: qr })
  await page.getByTestId('specimen-1-code-ok').filter({ hasText: first.display }).waitFor()
  const typo = second.code.slice(0, 12) + (second.code[12] === '0' ? '1' : '0')
  await page.getByTestId('specimen-2-code-input').fill(typo)
  await page.getByTestId('specimen-2-code-problem').waitFor()
  await page.getByTestId('specimen-2-code-input').fill(second.display.toLowerCase())
  await page.getByTestId('specimen-2-code-ok').filter({ hasText: second.display }).waitFor()
  await page.getByTestId('placard-file').setInputFiles(PLACARD)
  await page.getByTestId('placard-preview').waitFor()
  await page.getByTestId('sampling-gps').filter({ hasText: '29.683200' }).waitFor()

  // Offline: kept on the phone, waiting; back online: sent with the same key and capture time.
  await phone.setOffline(true)
  await page.getByTestId('sampling-submit').click()
  await page.getByTestId('outbox-count').filter({ hasText: '待上传 1 条' }).waitFor()
  await phone.setOffline(false)
  const sent = page.getByTestId('outbox-sent-item')
  await sent.waitFor()
  const samplingId = Number(/#(\d+)/.exec(await sent.innerText())[1])
  assert.ok(samplingId > 0)
  await page.getByTestId('outbox-waiting').waitFor({ state: 'detached' })
  const recorded = await apiCall(phone, witness.csrf, 'GET', `/api/v1/samplings/${samplingId}`)
  assert.equal(recorded.status, 200)
  assert.deepEqual(
    recorded.body.specimens.map((s) => s.label_code),
    [first.code, second.code],
  )
  assert.ok(Date.parse(recorded.body.captured_at) < Date.parse(recorded.body.received_at) + 1000)
  assert.equal(recorded.body.location.lat, SITE.latitude)
  assert.match(recorded.body.placard_sha256, /^[0-9a-f]{64}$/)

  // The witness commissions the demo lab from the trace page (JL-2.1).
  const lab = await newContext({ viewport: { width: 1366, height: 900 } })
  await apiLogin(lab, DEMO.labAdmin)
  await ensureConnected(lab)
  await sent.getByRole('link').click()
  await page.getByTestId('trace-sampling').waitFor()
  await page.getByTestId('commission-open').click()
  const dialog = page.getByTestId('commission-dialog')
  await dialog.getByTestId('commission-lab').click()
  await page.keyboard.type(LAB_CODE)
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: LAB_CODE }).first().click()
  await dialog.getByTestId('commission-submit').click()
  await page.getByTestId('trace-commission').waitFor().catch(async (e) => {
    await page.screenshot({ path: '/tmp/e2e-commission.png', fullPage: true })
    throw new Error(`${e.message}; dialog says: ${await dialog.innerText().catch(() => '')}`)
  })
  assert.deepEqual(errors, [])

  // The lab's clerk: receives specimen 1, refuses specimen 2 with a reason.
  const desk = await lab.newPage()
  const deskErrors = []
  desk.on('pageerror', (error) => deskErrors.push(error))
  await desk.goto(`${BASE_URL}/receipts`)
  await desk.getByTestId('receipts-page').waitFor()

  await desk.getByTestId('receipt-code-input').fill(first.code)
  await desk.getByTestId('receipt-label-state').filter({ hasText: '已绑定' }).waitFor()
  await desk.getByTestId('receipt-witness').filter({ hasText: recorded.body.witness.name }).waitFor()
  await desk.getByTestId('receipt-seal').click()
  await desk.getByTestId('receipt-condition').click()
  await desk.getByTestId('receipt-receive').click()
  await desk.getByTestId('receipt-outcome-tag').filter({ hasText: '已接收' }).waitFor()

  await desk.getByTestId('receipt-code-input').fill(second.display)
  await desk.getByTestId('receipt-label-state').waitFor()
  await desk.getByTestId('receipt-witness').filter({ hasText: recorded.body.witness.name }).waitFor()
  await desk.getByTestId('receipt-refuse').click()
  await desk.getByTestId('receipt-problem').filter({ hasText: '拒收须写明原因' }).waitFor()
  await desk.getByTestId('receipt-note').fill('试块边角破损（端到端测试）')
  await desk.getByTestId('receipt-seal').click()
  await desk.getByTestId('receipt-condition').click()
  await desk.getByTestId('receipt-refuse').click()
  await desk.getByTestId('receipt-outcome-tag').filter({ hasText: '已拒收' }).waitFor()
  await desk.getByTestId('receipt-outcome-reasons').filter({ hasText: '收样人员拒收' }).waitFor()
  await desk.getByTestId('receipts-table').getByText(first.display).waitFor()
  await desk.getByTestId('receipts-table').getByText(second.display).waitFor()
  assert.deepEqual(deskErrors, [])
  await lab.close()

  // The trace on the phone: both specimens, one received and one refused, each step receipted.
  await page.goto(`${BASE_URL}/trace/sampling/${samplingId}`)
  const steps = page.getByTestId('trace-steps')
  await steps.waitFor()
  for (const step of ['label_issued', 'sampled', 'commissioned', 'received', 'refused']) {
    await page.getByTestId(`trace-step-${step}`).first().waitFor()
  }
  await page.getByTestId('trace-step-refused').filter({ hasText: '收样人员拒收' }).waitFor()
  await page.getByTestId('trace-step-sampled').getByTestId('trace-placard').locator('img').waitFor()
  const specimenStates = page.getByTestId('trace-specimens')
  await specimenStates.filter({ hasText: '已接收' }).filter({ hasText: '已拒收' }).waitFor()
  assert.equal(await page.getByTestId('trace-receipt').count(), await page.locator('[data-testid^="trace-step-"]').count())

  // The label's own page (its QR's URL) needs no sign-in.
  const visitor = await newContext(PHONE)
  const check = await visitor.newPage()
  await check.goto(`${BASE_URL}/q/${first.code}`)
  await check.getByTestId('public-label-verdict').filter({ hasText: '标签真实' }).waitFor()
  await check.getByTestId('public-label-state').filter({ hasText: '已接收' }).waitFor()
  await visitor.close()
  assert.deepEqual(errors, [])
  await phone.close()
  await station.close()
})
