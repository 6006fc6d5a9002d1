// The non-conforming ledger and report statistics (issue 9; JJ-3.6, JL-3.3). The Jiujiang
// centre's system — this test, signing its requests — finishes a concrete test whose cubes fail
// their grade, has it reviewed and issues its failed report; the county station finds the entry
// on /nonconforming with the failing figures, the test and the report, records its handling, and
// the row shows handled. /report-stats draws its chart and its table's totals are the server's,
// the new failed report counted; the overview's report card links to both pages. Needs the
// reports API and the demo dataset (jj-station, lab 360402-0001 with certified testers, a
// technical lead, a usable press and concrete specimens awaiting test).
import assert from 'node:assert/strict'
import { createHash, createHmac, randomUUID } from 'node:crypto'
import { after, before, test } from 'node:test'
import { apiCall, apiLogin } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'
import { canonicalString, issueLabKey, labClient } from './lab-api.mjs'

const STATION = { login: 'jj-station', password: 'Demo@2026st' }
const LAB_CODE = '360402-0001'
/** A 150 mm cube. */
const CUBE_AREA_MM2 = 150 * 150

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

async function newContext() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  context.setDefaultTimeout(20_000)
  return context
}

/** A compression curve at 10 Hz rising at about 0.5 MPa/s to the peak, then breaking. */
function compressionCurve(peakKn) {
  const rate = 11.25
  const rise = peakKn / rate
  const points = []
  for (let i = 0; ; i++) {
    const t = i / 10
    if (t <= rise) points.push([t, Math.round(rate * t * 100) / 100])
    else {
      const f = peakKn * (1 - (t - rise) * 0.6)
      if (f < peakKn * 0.4) break
      points.push([t, Math.round(f * 100) / 100])
    }
  }
  points.push([Math.round((rise + 0.001) * 1000) / 1000, peakKn])
  return points.sort((a, b) => a[0] - b[0])
}

/** A one-page PDF naming `text` (ASCII), with a correct cross-reference table. */
function onePagePdf(text) {
  const stream = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets = objects.map((o, i) => {
    const at = out.length
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
    return at
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

/** Uploads `bytes` as a blob of the lab (signed, the body's SM3 declared); its SHA-256. */
async function uploadPdf(key, bytes) {
  const timestamp = Math.floor(Date.now() / 1000)
  const nonce = randomUUID()
  const canonical = canonicalString('POST', '/api/v1/blobs', timestamp, nonce, bytes)
  const signature = createHmac('sm3', Buffer.from(key.secret, 'hex')).update(canonical).digest('hex')
  const response = await fetch(`${BASE_URL}/api/v1/blobs`, {
    method: 'POST',
    headers: {
      Authorization: `LW-HMAC-SM3 KeyId=${key.key_id}, Signature=${signature}`,
      'X-Timestamp': String(timestamp),
      'X-Nonce': nonce,
      'X-Content-SM3': createHash('sm3').update(bytes).digest('hex'),
      'Content-Type': 'application/pdf',
    },
    body: bytes,
  })
  assert.equal(response.status, 201, await response.text())
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * The lab's choices: the last concrete group of three awaiting test (other files take the
 * first), two certified testers (one tests, the other reviews), a technical lead to approve,
 * a usable press.
 */
async function labChoices(lab) {
  const awaiting = await lab.get('/api/v1/lab-api/specimens?state=awaiting_test')
  assert.equal(awaiting.status, 200, JSON.stringify(awaiting.body))
  const bySampling = new Map()
  for (const s of awaiting.body.items) {
    if (s.material !== 'concrete') continue
    if (!bySampling.has(s.sampling_id)) bySampling.set(s.sampling_id, [])
    bySampling.get(s.sampling_id).push(s)
  }
  const groups = [...bySampling.entries()].filter(([, g]) => g.length >= 3).sort((a, b) => b[0] - a[0])
  assert.ok(groups.length > 0, `no concrete group of 3 awaits testing at ${LAB_CODE}`)
  const group = groups[0][1].sort((a, b) => a.specimen_ordinal - b.specimen_ordinal).slice(0, 3)

  const staff = await lab.get('/api/v1/lab-api/staff?limit=500')
  assert.equal(staff.status, 200, JSON.stringify(staff.body))
  const certified = staff.body.items.filter(
    (p) => p.duties?.includes('tester') && p.exam?.state === 'passed' && p.certificates?.some((c) => c.valid_today),
  )
  // The approver leads; the tester and the reviewer are two others where the lab has them.
  const approver = certified.find((p) => p.duties.includes('technical_lead') || p.duties.includes('quality_lead'))
  assert.ok(approver, 'the lab has a certified technical or quality lead')
  const others = certified.filter((p) => p !== approver)
  const [tester, reviewer] = others.length >= 2 ? others : [...others, approver]
  assert.ok(tester && reviewer && tester !== reviewer, 'the lab has two certified testers')

  const equipment = await lab.get('/api/v1/lab-api/equipment?limit=500')
  assert.equal(equipment.status, 200, JSON.stringify(equipment.body))
  const capacity = (e) => Number(/([\d.]+)\s*kN/i.exec(e.measuring_range ?? '')?.[1] ?? 0)
  const machine = equipment.body.items.find((e) => e.usable && e.verification_state !== 'rejected' && capacity(e) >= 1000)
  assert.ok(machine, 'the lab has a usable press')
  return { group, tester, reviewer, approver, machine }
}

/** What the first test made, for the second. */
const made = { testId: 0, reportId: 0, before: null }

test('JJ-3.6: a failing concrete result enters the ledger; the station sees its figures, test and report, records the handling and the row shows handled', async () => {
  const station = await newContext()
  const { csrf } = await apiLogin(station, STATION)
  const stats = await apiCall(station, csrf, 'GET', '/api/v1/report-stats?group=lab')
  assert.equal(stats.status, 200, JSON.stringify(stats.body))
  made.before = stats.body.total

  // The lab's system: a C-grade group far below its grade, reported failed, reviewed, reported.
  const key = await issueLabKey(browser, LAB_CODE)
  const lab = labClient(key)
  const c = await labChoices(lab)
  const labels = c.group.map((s) => s.label_code)
  const peaks = [492.3, 488.1, 501.7]
  const strengths = peaks.map((p) => Math.round(((p * 1000) / CUBE_AREA_MM2) * 10) / 10)
  const groupStrength = Math.round((strengths.reduce((a, b) => a + b, 0) / 3) * 10) / 10
  const started = await lab.post('/api/v1/lab-api/tests', {
    item: 'concrete_compression',
    standard: 'GB/T 50081-2019',
    grade: c.group[0].grade,
    label_codes: labels,
    equipment_id: c.machine.id,
    tester_id: c.tester.id,
    acquisition: 'auto',
    results: {
      specimens: labels.map((label_code, i) => ({
        label_code,
        length_mm: 150,
        width_mm: 150,
        height_mm: 150,
        peak_load_kn: peaks[i],
        strength_mpa: strengths[i],
        curve: { points: compressionCurve(peaks[i]) },
      })),
      group_strength_mpa: groupStrength,
      conclusion: 'fail',
    },
  })
  assert.equal(started.status, 201, JSON.stringify(started.body))
  const testId = started.body.id
  made.testId = testId
  const reviewed = await lab.post(`/api/v1/lab-api/tests/${testId}/reviews`, { reviewer_id: c.reviewer.id, verdict: 'confirm' })
  assert.equal(reviewed.status, 201, JSON.stringify(reviewed.body))
  const pdfSha = await uploadPdf(key, onePagePdf(`labwatch e2e nonconforming ${randomUUID()}`))
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const report = await lab.post('/api/v1/lab-api/reports', {
    kind: 'lab',
    project_id: started.body.project_id,
    title: '混凝土抗压强度检测报告（不合格台账 e2e）',
    tests: [testId],
    results: [
      {
        test_id: testId,
        specimens: labels.map((label_code, i) => ({ label_code, strength_mpa: strengths[i] })),
        group_strength_mpa: groupStrength,
        conclusion: 'fail',
      },
    ],
    equipment: [c.machine.id],
    conclusion: 'fail',
    tester_id: c.tester.id,
    reviewer_id: c.reviewer.id,
    approver_id: c.approver.id,
    tested_from: today,
    tested_to: today,
    pdf_sha256: pdfSha,
  })
  assert.equal(report.status, 201, JSON.stringify(report.body))
  made.reportId = report.body.id

  // The station's ledger: the entry with its figures, test and report, open.
  const page = await station.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e))
  await page.goto(`${BASE_URL}/nonconforming`)
  await page.getByTestId('nonconforming-page').waitFor()
  await page.getByTestId('nonconforming-lab').fill(LAB_CODE)
  await page.getByTestId('nonconforming-query').click()
  const table = page.getByTestId('nonconforming-table')
  const row = table.locator('tbody tr').filter({ has: page.getByRole('link', { name: `检测 #${testId}`, exact: true }) })
  await row.waitFor()
  await row.getByRole('link', { name: `报告 #${made.reportId}`, exact: true }).waitFor()
  await row.getByTestId('nonconforming-status-tag').filter({ hasText: '待跟进' }).waitFor()
  const figures = await row.getByTestId('nonconforming-figures').textContent()
  assert.match(figures, /报送结论 不合格/)
  // A single concrete group is judged by lot (GB/T 50107), so the platform gives no conclusion.
  assert.match(figures, /复算未判定/)
  assert.equal(Number(/代表值 ([\d.]+) MPa/.exec(figures)?.[1]), groupStrength, figures)

  // Handling: a note is required; then the row shows it, handled.
  await row.getByTestId('nonconforming-handle').click()
  const dialog = page.getByTestId('handling-dialog')
  await dialog.getByTestId('handling-confirm').click()
  await dialog.getByTestId('handling-error').filter({ hasText: '请填写处理情况' }).waitFor()
  const note = `已责令施工单位对 ${c.group[0].grade} 构件进行实体检测（e2e ${testId}）`
  await dialog.getByTestId('handling-text').fill(note)
  await dialog.getByTestId('handling-confirm').click()
  await row.getByTestId('nonconforming-status-tag').filter({ hasText: '已处理' }).waitFor()
  await row.getByTestId('nonconforming-handling').filter({ hasText: note }).waitFor()
  assert.equal(await row.getByTestId('nonconforming-handle').count(), 0)

  // The server agrees, and a reload shows the same; the Excel export downloads.
  const listed = await apiCall(station, csrf, 'GET', `/api/v1/nonconforming?lab_code=${LAB_CODE}&status=handled&limit=500`)
  const entry = listed.body.items.find((e) => e.test_id === testId)
  assert.ok(entry, JSON.stringify(listed.body).slice(0, 400))
  assert.equal(entry.handling, note)
  assert.equal(entry.report_id, made.reportId)
  await page.reload()
  await page.getByTestId('nonconforming-status').click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '已处理' }).click()
  await row.getByTestId('nonconforming-handling').filter({ hasText: note }).waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('nonconforming-export').click()])
  assert.equal(download.suggestedFilename(), 'labwatch-nonconforming.xlsx')
  assert.deepEqual(errors, [])
  await station.close()
})

test('JL-3.3: report statistics draw a chart and a table whose totals are the server’s, the failed report counted; the overview card links to both pages', async () => {
  assert.ok(made.reportId > 0, 'the first test issued a report')
  const station = await newContext()
  const { csrf } = await apiLogin(station, STATION)
  const page = await station.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e))

  // The overview's card, for the station: this year's reports and the open entries.
  await page.goto(`${BASE_URL}/`)
  const card = page.getByTestId('reports-summary-card')
  await card.waitFor()
  await card.getByText('出具报告').waitFor()
  await card.getByTestId('summary-issued').click()
  await page.waitForURL(/\/report-stats$/)

  await page.getByTestId('report-stats-page').waitFor()
  await page.getByTestId('report-stats-chart').locator('canvas').first().waitFor()
  await page.getByTestId('report-stats-group-lab').click()
  const table = page.getByTestId('report-stats-table')
  await table.locator('tbody tr').filter({ hasText: LAB_CODE }).first().waitFor()
  const expected = await apiCall(station, csrf, 'GET', '/api/v1/report-stats?group=lab')
  assert.equal(expected.status, 200)
  const total = expected.body.total
  assert.ok(total.issued >= made.before.issued + 1, `issued ${made.before.issued} → ${total.issued}`)
  assert.ok(total.failed >= made.before.failed + 1, `failed ${made.before.failed} → ${total.failed}`)
  const footer = table.locator('.el-table__footer-wrapper td')
  const cells = (await footer.allTextContents()).map((s) => s.trim())
  assert.deepEqual(cells.slice(0, 5), ['合计', String(total.issued), String(total.passed), String(total.failed), String(total.revoked)])
  const labRow = expected.body.items.find((r) => r.key === LAB_CODE)
  assert.ok(labRow && labRow.failed >= 1, JSON.stringify(expected.body.items))
  assert.equal(Number(await page.getByTestId('report-stats-chart').getAttribute('data-groups')), expected.body.items.length)

  // By month: this month's row; the export downloads.
  await page.getByTestId('report-stats-group-month').click()
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)
  await table.locator('tbody tr').filter({ hasText: month }).waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-stats-export').click()])
  assert.match(download.suggestedFilename(), /^labwatch-report-stats-month-.*\.xlsx$/)
  assert.deepEqual(errors, [])
  await station.close()
})
