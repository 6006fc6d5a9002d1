import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router'
import type { Role } from './api/client'
import { PAGE_ROLES } from './lib/permissions'
import { MODULES } from './modules'
import { session } from './stores/session'

const comingSoon: RouteRecordRaw[] = MODULES.filter((m) => !m.ready).map((m) => ({
  // Sub-paths (deep links such as /supervision/cases) land on the module's placeholder too.
  path: `${m.path}/:rest(.*)*`,
  name: m.key,
  component: () => import('./views/coming-soon/ComingSoonView.vue'),
  props: { module: m.key },
}))

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'overview', component: () => import('./views/overview/OverviewView.vue') },
    // Outside the main layout (App.vue shows views with meta.bare on their own).
    { path: '/login', name: 'login', component: () => import('./views/login/LoginView.vue'), meta: { bare: true } },
    { path: '/docs', name: 'apiDocs', component: () => import('./views/api-docs/ApiDocsView.vue') },
    {
      path: '/account/password',
      name: 'changePassword',
      component: () => import('./views/account/ChangePasswordView.vue'),
      meta: { signedIn: true },
    },
    {
      path: '/account/totp',
      name: 'totpEnrolment',
      component: () => import('./views/account/TotpEnrolmentView.vue'),
      meta: { signedIn: true },
    },
    {
      path: '/audit',
      name: 'audit',
      component: () => import('./views/audit/AuditLogView.vue'),
      meta: { roles: PAGE_ROLES.audit },
    },
    {
      path: '/admin/users',
      name: 'users',
      component: () => import('./views/admin/UsersView.vue'),
      meta: { roles: PAGE_ROLES.users },
    },
    {
      path: '/admin/lab-keys',
      name: 'labKeys',
      component: () => import('./views/admin/LabKeysView.vue'),
      meta: { roles: PAGE_ROLES.labKeys },
    },
    {
      path: '/ledger',
      name: 'ledger',
      component: () => import('./views/ledger/LedgerView.vue'),
      meta: { roles: PAGE_ROLES.ledger },
    },
    {
      // A blob upload's id is "<sha256>/<sender>": the id may span segments.
      path: '/ledger/records/:type/:id(.*)',
      name: 'ledgerRecord',
      component: () => import('./views/ledger/RecordHistoryView.vue'),
      props: true,
      meta: { roles: PAGE_ROLES.ledgerRecords },
    },
    { path: '/labs', name: 'labs', component: () => import('./views/labs/LabsView.vue'), meta: { signedIn: true } },
    {
      path: '/labs/:code',
      name: 'labDetail',
      component: () => import('./views/labs/LabDetailView.vue'),
      props: true,
      meta: { signedIn: true },
    },
    {
      path: '/equipment',
      name: 'equipment',
      component: () => import('./views/equipment/EquipmentView.vue'),
      meta: { signedIn: true },
    },
    {
      path: '/personnel',
      name: 'personnel',
      component: () => import('./views/personnel/PeopleView.vue'),
      meta: { roles: PAGE_ROLES.personnel },
    },
    {
      path: '/organisations',
      name: 'organisations',
      component: () => import('./views/registry/OrganisationsView.vue'),
      meta: { roles: PAGE_ROLES.organisations },
    },
    {
      path: '/regions',
      name: 'regions',
      component: () => import('./views/registry/RegionsView.vue'),
      meta: { roles: PAGE_ROLES.registryBase },
    },
    {
      path: '/policies',
      name: 'policies',
      component: () => import('./views/registry/PoliciesView.vue'),
      meta: { roles: PAGE_ROLES.registryBase },
    },
    {
      path: '/projects',
      name: 'projects',
      component: () => import('./views/projects/ProjectsView.vue'),
      meta: { roles: PAGE_ROLES.projects },
    },
    {
      path: '/projects/:id(\\d+)',
      name: 'projectDetail',
      component: () => import('./views/projects/ProjectDetailView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { roles: PAGE_ROLES.projects },
    },
    // Issue 6, the specimen chain. The witness's page and the public label page (a label's QR
    // opens it, no sign-in) are shown without the main layout: they are made for phones.
    {
      path: '/label-batches/:id(\\d+)',
      name: 'labelBatch',
      component: () => import('./views/specimens/LabelBatchView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { roles: PAGE_ROLES.labelBatches },
    },
    { path: '/witness', name: 'witness', component: () => import('./views/specimens/WitnessView.vue'), meta: { bare: true, roles: PAGE_ROLES.witness } },
    { path: '/receipts', name: 'receipts', component: () => import('./views/specimens/ReceiptsView.vue'), meta: { roles: PAGE_ROLES.receipts } },
    { path: '/trace', name: 'trace', component: () => import('./views/specimens/TraceView.vue'), meta: { roles: PAGE_ROLES.trace } },
    {
      path: '/trace/sampling/:id(\\d+)',
      name: 'traceSampling',
      component: () => import('./views/specimens/TraceView.vue'),
      props: (route) => ({ samplingId: Number(route.params.id) }),
      meta: { roles: PAGE_ROLES.trace },
    },
    {
      path: '/trace/:code',
      name: 'traceLabel',
      component: () => import('./views/specimens/TraceView.vue'),
      props: true,
      meta: { roles: PAGE_ROLES.trace },
    },
    // Issue 7, lab tests: the list, the live page (phones too), a test's record, contracts, plans,
    // violations.
    { path: '/tests', name: 'tests', component: () => import('./views/labtests/TestsView.vue'), meta: { roles: PAGE_ROLES.tests } },
    { path: '/tests/live', name: 'liveTests', component: () => import('./views/labtests/LiveTestsView.vue'), meta: { roles: PAGE_ROLES.tests } },
    {
      path: '/tests/:id(\\d+)',
      name: 'testRecord',
      component: () => import('./views/labtests/TestRecordView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { roles: PAGE_ROLES.tests },
    },
    { path: '/contracts', name: 'contracts', component: () => import('./views/labtests/ContractsView.vue'), meta: { roles: PAGE_ROLES.tests } },
    { path: '/test-plans', name: 'testPlans', component: () => import('./views/labtests/TestPlansView.vue'), meta: { roles: PAGE_ROLES.tests } },
    { path: '/violations', name: 'violations', component: () => import('./views/labtests/ViolationsView.vue'), meta: { roles: PAGE_ROLES.tests } },
    // Issue 8, on-site tests: batches, a batch, a test, force-majeure filings; the tester's phone
    // capture page is shown without the main layout.
    { path: '/onsite', redirect: '/onsite/batches' },
    { path: '/onsite/batches', name: 'onsiteBatches', component: () => import('./views/onsite/BatchesView.vue'), meta: { roles: PAGE_ROLES.onsite } },
    {
      path: '/onsite/batches/:id(\\d+)',
      name: 'onsiteBatch',
      component: () => import('./views/onsite/BatchDetailView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { roles: PAGE_ROLES.onsite },
    },
    {
      path: '/onsite/tests/:id(\\d+)',
      name: 'onsiteTest',
      component: () => import('./views/onsite/TestView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { roles: PAGE_ROLES.onsite },
    },
    { path: '/onsite/force-majeure', name: 'forceMajeure', component: () => import('./views/onsite/ForceMajeureView.vue'), meta: { roles: PAGE_ROLES.onsite } },
    { path: '/onsite/capture', name: 'onsiteCapture', component: () => import('./views/onsite/CaptureView.vue'), meta: { bare: true, roles: PAGE_ROLES.onsiteCapture } },
    // Issue 9: the notification centre (every signed-in user: the bell links to it) and webhooks.
    { path: '/notifications', name: 'notifications', component: () => import('./views/notifications/NotificationsView.vue'), meta: { signedIn: true } },
    { path: '/webhooks', name: 'webhooks', component: () => import('./views/notifications/WebhooksView.vue'), meta: { roles: PAGE_ROLES.webhooks } },
    // Issue 9: the non-conforming ledger and report statistics (JJ-3.6, JL-3.3).
    { path: '/nonconforming', name: 'nonconforming', component: () => import('./views/nonconforming/NonconformingView.vue'), meta: { roles: PAGE_ROLES.nonconforming } },
    { path: '/report-stats', name: 'reportStats', component: () => import('./views/nonconforming/ReportStatsView.vue'), meta: { roles: PAGE_ROLES.reportStats } },
    // Issue 9, reports: the list and a report for the roles with a data scope; the public
    // verification (no sign-in, phones) by QR — /v/<payload>, also /V/… as QR codes carry it (paths
    // are matched case-insensitively) — or by a typed number.
    { path: '/reports', name: 'reports', component: () => import('./views/reports/ReportsView.vue'), meta: { roles: PAGE_ROLES.reports } },
    {
      path: '/reports/:id(\\d+)',
      name: 'reportDetail',
      component: () => import('./views/reports/ReportDetailView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { roles: PAGE_ROLES.reports },
    },
    { path: '/v/:payload', name: 'scanReport', component: () => import('./views/reports/VerifyReportView.vue'), props: true, meta: { bare: true } },
    {
      path: '/verify',
      name: 'verifyReport',
      component: () => import('./views/reports/VerifyReportView.vue'),
      props: (route) => ({ number: typeof route.query.number === 'string' ? route.query.number : undefined }),
      meta: { bare: true },
    },
    { path: '/q/:code', name: 'publicLabel', component: () => import('./views/specimens/PublicLabelView.vue'), props: true, meta: { bare: true } },
    { path: '/forbidden', name: 'forbidden', component: () => import('./views/forbidden/ForbiddenView.vue') },
    ...comingSoon,
    { path: '/:pathMatch(.*)*', name: 'notFound', component: () => import('./views/not-found/NotFoundView.vue') },
  ],
})

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown without the main layout (header and side menu), e.g. the login page. */
    bare?: boolean
    /** Only for a signed-in user: others are sent to the login page. */
    signedIn?: boolean
    /** Only for these roles (implies signedIn): others see the "no permission" page. */
    roles?: readonly Role[]
  }
}

/** The page that resolves a pending step, keeping where the user was headed. */
function pendingStepPage(step: 'password' | 'totp', headedTo: string): RouteLocationRaw {
  const query = headedTo === '/' || headedTo.startsWith('/account/') ? {} : { redirect: headedTo }
  return { name: step === 'password' ? 'changePassword' : 'totpEnrolment', query }
}

router.beforeEach(async (to) => {
  if (to.name === 'login') return true
  await session.ready()
  const user = session.user.value
  // A password to change, then TOTP to enrol: the session can do nothing else until then.
  const step = session.pendingStep.value
  if (step === 'password' && to.name !== 'changePassword') return pendingStepPage(step, to.fullPath)
  if (step === 'totp' && to.name !== 'totpEnrolment') return pendingStepPage(step, to.fullPath)
  if (to.meta.signedIn || to.meta.roles) {
    if (!user) return { path: '/login', query: { redirect: to.fullPath } }
    if (to.meta.roles && !to.meta.roles.includes(user.role)) {
      return { name: 'forbidden', query: { path: to.fullPath } }
    }
  }
  return true
})
