// Projects (工程项目, issue 5 items 6 and 10): a county station registers a project with two
// witnesses through the dialog (site typed as a polygon, parties and witnesses picked by
// search), opens it, and files a witness replacement that takes effect tomorrow: Jiujiang wants
// 3 working days' notice (JJ-4.3), so the page flags the notice late (逾期) with its due time and
// the list counts it. Needs the projects API and the demo dataset (jj-station, Jiujiang's
// organisations and assignable witnesses).
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { after, before, test } from 'node:test'
import { apiCall, apiLogin } from './accounts.mjs'
import { BASE_URL, launchBrowser } from './browser.mjs'

/** 九江市濂溪区建设工程质量监督站 (station_staff of 360402; no TOTP). */
const STATION = { login: 'jj-station', password: 'Demo@2026st' }

/** The date in Beijing `days` days from now, YYYY-MM-DD. */
function beijingDate(days) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/** Waits until no select's dropdown is open (or still fading out). */
async function dropdownsClosed(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.el-select__popper')].every((e) => getComputedStyle(e).display === 'none'))
}

/** Opens an Element Plus select, types `text` into its search and picks the option showing it. */
async function pick(page, select, text) {
  await dropdownsClosed(page)
  await select.click()
  await page.keyboard.type(text)
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first().click()
  await dropdownsClosed(page)
}

/** Types a date into the date picker of the form item labelled `label` (inside `scope`). */
async function pickDate(scope, label, date) {
  const input = scope.locator('.el-form-item').filter({ hasText: label }).locator('input').first()
  await input.fill(date)
  await input.press('Enter')
}

test('JJ-4.2 JJ-4.3: a station registers a project with two witnesses and a replacement filed a day ahead is flagged late', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  context.setDefaultTimeout(15_000)
  const { csrf } = await apiLogin(context, STATION)

  // What the pickers will offer: one organisation of each kind and three assignable witnesses.
  const org = async (kind) => {
    const { status, body } = await apiCall(context, csrf, 'GET', `/api/v1/organisations?kind=${kind}&limit=1`)
    assert.equal(status, 200)
    assert.ok(body.items.length > 0, `the demo has a ${kind} in the station's region`)
    return body.items[0]
  }
  const client = await org('construction_unit')
  const contractor = await org('contractor')
  const supervisor = await org('supervision_company')
  const people = await apiCall(context, csrf, 'GET', '/api/v1/people?duty=witness&limit=200')
  assert.equal(people.status, 200)
  const witnesses = people.body.items.filter((p) => p.witness.assignable)
  // Names the search finds alone (a name that is a prefix of another's would pick either).
  const distinct = witnesses.filter((p) => witnesses.filter((q) => q.name.includes(p.name)).length === 1)
  assert.ok(distinct.length >= 3, 'the demo has three assignable witnesses in the station’s scope')
  const [first, second, replacement] = distinct

  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  await page.goto(`${BASE_URL}/projects`)
  await page.getByTestId('projects-page').waitFor()

  const code = `360402-E2E-${Date.now().toString(36).toUpperCase()}${randomInt(100)}`
  const name = `濂溪区端到端测试花园 ${randomInt(1_000_000)} 号楼`
  await page.getByTestId('project-create').click()
  const dialog = page.getByTestId('project-create-dialog')
  await dialog.getByTestId('project-code').fill(code)
  await dialog.getByTestId('project-name').fill(name)
  await dialog.getByTestId('project-address').fill('九江市濂溪区十里大道 88 号')
  // A county station's own county is preselected.
  await dialog.getByTestId('project-region').getByText('濂溪区').waitFor()
  // The site without a map: a polygon typed as "lat,lng" lines.
  await dialog.getByTestId('project-site-kind').getByText('多边形').click()
  await dialog.getByTestId('project-area').fill('29.6830,116.0010\n29.6840,116.0010\n29.6840,116.0030\n29.6830,116.0030')
  await pick(page, dialog.getByTestId('project-client_id'), client.name)
  await pick(page, dialog.getByTestId('project-contractor_id'), contractor.name)
  await pick(page, dialog.getByTestId('project-supervisor_id'), supervisor.name)
  await pick(page, dialog.getByTestId('project-assignment-0').getByTestId('assignment-person'), first.name)
  await pick(page, dialog.getByTestId('project-assignment-1').getByTestId('assignment-person'), second.name)
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/projects') && r.request().method() === 'POST')
  await dialog.getByTestId('project-create-submit').click()
  const answer = await created
  assert.equal(answer.status(), 201, await answer.text())
  const project = await answer.json()
  assert.equal(project.region_code, '360402')
  assert.equal(project.site.kind, 'polygon')
  assert.equal(project.assignments.filter((a) => a.duty === 'witness' && a.active).length, 2)
  await dialog.waitFor({ state: 'hidden' })

  // The list shows it (searched by its code); open it.
  const table = page.getByTestId('projects-table')
  const row = table.locator('tr').filter({ hasText: code })
  await row.getByText(name).waitFor()
  await row.getByTestId('project-link').click()
  const detail = page.getByTestId('project-detail-page')
  await detail.getByTestId('project-facts').getByText(code).waitFor()
  await detail.getByTestId('project-site').getByText('29.684000, 116.003000').waitFor()
  await detail.getByTestId('project-parties').getByText(contractor.name).waitFor()
  await detail.getByTestId('project-rule').getByText('提前 3 个工作日报告', { exact: false }).waitFor()
  const assignments = detail.getByTestId('project-assignments')
  await assignments.getByText(first.name, { exact: true }).waitFor()
  await assignments.getByText(second.name, { exact: true }).waitFor()

  // Replace the first witness from tomorrow: Jiujiang wanted the notice 3 working days ahead.
  await detail.getByTestId('notice-open').click()
  const notice = page.getByTestId('notice-dialog')
  await notice.getByTestId('notice-rule').getByText('提前 3 个工作日报告', { exact: false }).waitFor()
  await notice.getByTestId('notice-replaced').click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: first.name }).click()
  await dropdownsClosed(page)
  await pick(page, notice.getByTestId('notice-person-in'), replacement.name)
  await pickDate(notice, '生效日期', beijingDate(1))
  await notice.getByTestId('notice-reason').fill('原见证人员调离本项目（端到端测试）')
  const filed = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${project.id}/change-notices`) && r.request().method() === 'POST')
  await notice.getByTestId('notice-submit').click()
  const filedAnswer = await filed
  assert.equal(filedAnswer.status(), 201, await filedAnswer.text())
  const verdict = await filedAnswer.json()
  assert.equal(verdict.on_time, false)
  assert.ok(verdict.late_working_days > 0)
  assert.equal(verdict.policy.profile, 'jiujiang-2024-80')

  // The dialog says so, with the due time; the notices table flags it; a violation is listed.
  const late = `逾期 ${verdict.late_working_days} 个工作日`
  await notice.getByTestId('notice-verdict').getByText(late, { exact: false }).waitFor()
  await notice.getByTestId('notice-close').click()
  const notices = detail.getByTestId('project-notices')
  await notices.getByTestId('notice-tag').getByText(late).waitFor()
  await notices.getByText(`${first.name} → ${replacement.name}`, { exact: false }).waitFor()
  await detail.getByTestId('project-violations').getByText('人员变更逾期报告').waitFor()

  // Back on the list, a search by part of the name finds it, its late notice counted.
  await detail.getByText('返回工程列表').click()
  await page.getByTestId('project-search').fill(name.slice(0, 12))
  await page.getByTestId('project-search-submit').click()
  const found = page.getByTestId('projects-table').locator('tr').filter({ hasText: code })
  await found.getByTestId('project-late').getByText('逾期 1 次').waitFor()
  assert.deepEqual(errors, [])
  await context.close()
})
