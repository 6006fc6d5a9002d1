// Who may do what on the administration pages (三权分立). The server decides every call; this
// table only decides which pages, menu entries and buttons a role sees, so it must follow the
// server's rules: system_admin runs accounts, security_admin assigns roles, audit_admin reads
// the audit trail, lab_admin manages the staff of its own lab.
import type { Role } from '../api/client'

/** Pages (routes and menu entries) and the roles that see them. */
export const PAGE_ROLES = {
  audit: ['audit_admin'],
  users: ['system_admin', 'security_admin', 'lab_admin'],
  labKeys: ['system_admin', 'security_admin', 'regulator', 'lab_admin'],
  // The tamper-evident ledger: its summary (public data) for every role with data or an
  // administration duty; record histories only for roles with a data scope (the server answers
  // 404 outside it, and the three administrators have none).
  ledger: [
    'regulator',
    'station_staff',
    'reviewer',
    'lab_admin',
    'lab_staff',
    'system_admin',
    'security_admin',
    'audit_admin',
  ],
  ledgerRecords: ['regulator', 'station_staff', 'reviewer', 'lab_admin', 'lab_staff'],
  // People (issue 5 item 4): read by their lab's users and the region's regulators and stations,
  // managed by the latter and the system admin.
  personnel: ['regulator', 'station_staff', 'lab_admin', 'lab_staff', 'system_admin'],
  // Issue 5, registry base: organisations for the roles with a registry scope over regions;
  // regions and policy profiles for every signed-in role.
  organisations: ['system_admin', 'security_admin', 'regulator', 'station_staff', 'reviewer'],
  registryBase: [
    'system_admin',
    'security_admin',
    'audit_admin',
    'regulator',
    'station_staff',
    'reviewer',
    'lab_admin',
    'lab_staff',
    'witness',
  ],
  // Issue 5 item 6: projects for the roles with a registry scope over regions.
  projects: ['system_admin', 'security_admin', 'regulator', 'station_staff', 'reviewer'],
  // Issue 6, the specimen chain: label batches for the roles that issue or oversee them; the
  // witness's phone page; the lab's receipt desk; the trace for every role along the chain.
  labelBatches: ['regulator', 'station_staff', 'reviewer'],
  witness: ['witness'],
  receipts: ['lab_admin', 'lab_staff'],
  trace: ['regulator', 'station_staff', 'reviewer', 'lab_admin', 'lab_staff', 'witness'],
  // Issue 7, lab tests: tests (live and records), contracts, plans and violations for the roles
  // with a data scope — regulators their region, labs their own.
  tests: ['regulator', 'station_staff', 'reviewer', 'lab_admin', 'lab_staff'],
  // Issue 8, on-site tests: batches, tests and force-majeure filings for the roles with a data
  // scope; the tester's phone capture page for the lab's users (submit_lab_data).
  onsite: ['regulator', 'station_staff', 'reviewer', 'lab_admin', 'lab_staff'],
  onsiteCapture: ['lab_admin', 'lab_staff'],
  // Issue 9: the notification centre's menu entry for the roles with an inbox (a station's or a
  // regulator's region, a witness's organisation; every signed-in user has the bell); webhook
  // endpoints for the roles with manage_webhooks.
  notifications: ['regulator', 'station_staff', 'witness'],
  webhooks: ['system_admin', 'regulator', 'station_staff'],
  // Issue 9: the non-conforming ledger and report statistics for the roles with a data scope
  // (the server scopes both); the overview's report card for the supervisors.
  nonconforming: ['regulator', 'station_staff', 'reviewer', 'lab_admin', 'lab_staff'],
  reportStats: ['regulator', 'station_staff', 'reviewer', 'lab_admin', 'lab_staff'],
  reportCard: ['regulator', 'station_staff'],
  // Issue 9: reports for the roles with a data scope — labs their own, regulators and stations
  // their region.
  reports: ['regulator', 'station_staff', 'reviewer', 'lab_admin', 'lab_staff'],
} as const satisfies Record<string, readonly Role[]>

/** The signed-in user as far as permissions go. */
export interface Actor {
  role: Role
  lab_code?: string | null
}

/** The account a button acts on. */
export interface Subject {
  role: Role
  lab_code: string | null
}

/** A lab admin acts on the lab staff of its own lab only. */
function ownLabStaff(actor: Actor, subject: Subject): boolean {
  return actor.role === 'lab_admin' && subject.role === 'lab_staff' && !!actor.lab_code && subject.lab_code === actor.lab_code
}

/** Roles the actor may give a new account. */
export function creatableRoles(actor: Actor, all: readonly Role[]): Role[] {
  if (actor.role === 'system_admin') return [...all]
  if (actor.role === 'lab_admin') return all.filter((r) => r === 'lab_staff')
  return []
}

export const can = {
  createUser: (actor: Actor) => actor.role === 'system_admin' || actor.role === 'lab_admin',
  editUser: (actor: Actor, subject: Subject) => actor.role === 'system_admin' || ownLabStaff(actor, subject),
  disableUser: (actor: Actor, subject: Subject) => actor.role === 'system_admin' || ownLabStaff(actor, subject),
  resetPassword: (actor: Actor, subject: Subject) => actor.role === 'system_admin' || ownLabStaff(actor, subject),
  unlockUser: (actor: Actor, subject: Subject) => actor.role === 'system_admin' || ownLabStaff(actor, subject),
  changeRole: (actor: Actor) => actor.role === 'security_admin',
  createLab: (actor: Actor) => actor.role === 'system_admin',
  // Keys and sandbox mode: the security admin, or a regulator for the labs of its region.
  setSandbox: (actor: Actor) => actor.role === 'security_admin' || actor.role === 'regulator',
  manageLabKeys: (actor: Actor) => actor.role === 'security_admin' || actor.role === 'regulator',
  // Lab registry (issue 5): certificates and equipment by the regulator or the system admin;
  // equipment verification by the regulator only. A lab reads its own, read-only.
  manageLabRegistry: (actor: Actor) => actor.role === 'system_admin' || actor.role === 'regulator',
  verifyEquipment: (actor: Actor) => actor.role === 'regulator',
  // Record histories and receipts: the roles whose data scope covers records.
  // People: a lab cannot modify its own staff list; only regulators and stations see numbers in
  // clear (each look audited) and verify identities.
  managePeople: (actor: Actor) => ['system_admin', 'regulator', 'station_staff'].includes(actor.role),
  unmaskPersonalData: (actor: Actor) => actor.role === 'regulator' || actor.role === 'station_staff',
  verifyPeople: (actor: Actor) => actor.role === 'regulator' || actor.role === 'station_staff',
  // Issue 5: organisations are registered by the system admin, regulators and stations; only
  // the system admin may admit a credit code whose check character fails.
  registerOrganisation: (actor: Actor) => ['system_admin', 'regulator', 'station_staff'].includes(actor.role),
  overrideCreditCode: (actor: Actor) => actor.role === 'system_admin',
  // Issue 5 item 6: projects are entered, and replacements filed, by stations and regulators
  // (the server's register_projects permission).
  registerProjects: (actor: Actor) => actor.role === 'regulator' || actor.role === 'station_staff',
  // Issue 6: QR label batches are issued by stations and regulators (permission issue_labels).
  issueLabels: (actor: Actor) => actor.role === 'regulator' || actor.role === 'station_staff',
  // … and labs commissioned for a sampling by its witness (for the client), stations and regulators.
  commissionLabs: (actor: Actor) => ['witness', 'regulator', 'station_staff'].includes(actor.role),
  readLedgerRecords: (actor: Actor) => (PAGE_ROLES.ledgerRecords as readonly Role[]).includes(actor.role),
  // Issue 7: the second person's review (双人复核) by the lab's own staff; the server checks the
  // account's registry person (not the tester, certified).
  reviewLabTest: (actor: Actor, testLab: string) =>
    (actor.role === 'lab_admin' || actor.role === 'lab_staff') && !!actor.lab_code && actor.lab_code === testLab,
  // Issue 8: only a regulator lifts a batch's lock; regulators and stations decide force majeure.
  unlockOnsiteBatch: (actor: Actor) => actor.role === 'regulator',
  decideForceMajeure: (actor: Actor) => actor.role === 'regulator' || actor.role === 'station_staff',
  // Issue 9: regulators and stations record how a non-conforming entry was handled
  // (follow_up_nonconforming).
  followUpNonconforming: (actor: Actor) => actor.role === 'regulator' || actor.role === 'station_staff',
  // Issue 9: a regulator revokes a report with a reason (permission revoke_reports).
  revokeReports: (actor: Actor) => actor.role === 'regulator',
  // Issue 10: regulators and stations confirm or dismiss a violation case (decide_cases); the
  // lab charged answers it (respond_to_cases).
  decideCases: (actor: Actor) => actor.role === 'regulator' || actor.role === 'station_staff',
  respondToCases: (actor: Actor) => actor.role === 'lab_admin' || actor.role === 'lab_staff',
}
