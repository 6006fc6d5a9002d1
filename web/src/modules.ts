// The platform's modules, in menu order. Those without a page yet route to the "coming soon" view.
import type { Component } from 'vue'
import {
  Bell,
  Box,
  Camera,
  Calendar,
  Connection,
  MapLocation,
  DataAnalysis,
  Document,
  DocumentChecked,
  Files,
  Guide,
  Histogram,
  Key,
  List,
  Location,
  Lock,
  Monitor,
  Notebook,
  OfficeBuilding,
  Odometer,
  Promotion,
  Reading,
  Stamp,
  Tickets,
  Tools,
  User,
  UserFilled,
  Warning,
  WarningFilled,
} from '@element-plus/icons-vue'
// Issue 9: the non-conforming ledger's and report statistics' icons.
import { CircleClose, TrendCharts } from '@element-plus/icons-vue'
import type { Role } from './api/client'
import { PAGE_ROLES } from './lib/permissions'
import type zhCN from './locales/zh-CN'

export type MenuKey = keyof (typeof zhCN)['menu']

export interface PlatformModule {
  key: MenuKey
  path: string
  icon: Component
  /** True once the module has a real page. */
  ready: boolean
  /** Shown in the menu only to these roles (administration pages); everyone otherwise. */
  roles?: readonly Role[]
}

export const MODULES: readonly PlatformModule[] = [
  { key: 'overview', path: '/', icon: Odometer, ready: true },
  { key: 'labs', path: '/labs', icon: OfficeBuilding, ready: true }, // 检测机构
  { key: 'personnel', path: '/personnel', icon: User, ready: true, roles: PAGE_ROLES.personnel }, // 人员
  { key: 'equipment', path: '/equipment', icon: Tools, ready: true }, // 仪器设备
  { key: 'organisations', path: '/organisations', icon: Connection, ready: true, roles: PAGE_ROLES.organisations }, // 参建单位
  { key: 'regions', path: '/regions', icon: MapLocation, ready: true, roles: PAGE_ROLES.registryBase }, // 行政区划
  { key: 'policies', path: '/policies', icon: Calendar, ready: true, roles: PAGE_ROLES.registryBase }, // 监管政策
  { key: 'projects', path: '/projects', icon: Location, ready: true, roles: PAGE_ROLES.projects }, // 工程项目
  // Issue 6, the specimen chain: the witness's phone page, the lab's receipt desk, the trace.
  { key: 'sampling', path: '/witness', icon: Stamp, ready: true, roles: PAGE_ROLES.witness }, // 见证取样
  { key: 'receipts', path: '/receipts', icon: Box, ready: true, roles: PAGE_ROLES.receipts }, // 样品接收
  { key: 'trace', path: '/trace', icon: Guide, ready: true, roles: PAGE_ROLES.trace }, // 样品追溯
  // Issue 7, lab tests: the list (its menu entry for everyone, as before it had a page), the
  // live page, contracts and plans on deadline, the violations found.
  { key: 'testData', path: '/tests', icon: DataAnalysis, ready: true }, // 检测数据
  { key: 'liveTests', path: '/tests/live', icon: Monitor, ready: true, roles: PAGE_ROLES.tests }, // 实时监控
  { key: 'contracts', path: '/contracts', icon: Tickets, ready: true, roles: PAGE_ROLES.tests }, // 检测合同
  { key: 'testPlans', path: '/test-plans', icon: Files, ready: true, roles: PAGE_ROLES.tests }, // 检测方案
  { key: 'violations', path: '/violations', icon: Warning, ready: true, roles: PAGE_ROLES.tests }, // 违规发现
  // Issue 8, on-site tests: the batches (locked first), the tester's phone capture page, the
  // force-majeure filings.
  { key: 'onsite', path: '/onsite/batches', icon: Histogram, ready: true, roles: PAGE_ROLES.onsite }, // 现场检测
  { key: 'onsiteCapture', path: '/onsite/capture', icon: Camera, ready: true, roles: PAGE_ROLES.onsiteCapture }, // 现场拍照
  { key: 'forceMajeure', path: '/onsite/force-majeure', icon: WarningFilled, ready: true, roles: PAGE_ROLES.onsite }, // 不可抗力报备
  // Issue 9: the non-conforming ledger and report statistics.
  { key: 'nonconforming', path: '/nonconforming', icon: CircleClose, ready: true, roles: PAGE_ROLES.nonconforming }, // 不合格台账
  { key: 'reportStats', path: '/report-stats', icon: TrendCharts, ready: true, roles: PAGE_ROLES.reportStats }, // 报告统计
  // Issue 9: the notification centre (also the header's bell) and webhook endpoints.
  { key: 'notifications', path: '/notifications', icon: Bell, ready: true, roles: PAGE_ROLES.notifications }, // 通知中心
  { key: 'webhooks', path: '/webhooks', icon: Promotion, ready: true, roles: PAGE_ROLES.webhooks }, // Webhook
  // Issue 9, reports: the list in scope; 报告验真 is the public page (no sign-in).
  { key: 'reports', path: '/reports', icon: Document, ready: true, roles: PAGE_ROLES.reports }, // 检测报告
  { key: 'video', path: '/video', icon: Camera, ready: false }, // 视频监控
  { key: 'supervision', path: '/supervision', icon: Notebook, ready: false }, // 监督执法
  { key: 'verify', path: '/verify', icon: DocumentChecked, ready: true }, // 报告验真
  { key: 'ledger', path: '/ledger', icon: Lock, ready: true, roles: PAGE_ROLES.ledger }, // 防篡改账本
  { key: 'apiDocs', path: '/docs', icon: Reading, ready: true }, // API 接口文档
  // Administration (三权分立): each page for the roles that may use it.
  { key: 'users', path: '/admin/users', icon: UserFilled, ready: true, roles: PAGE_ROLES.users }, // 用户与角色
  { key: 'labKeys', path: '/admin/lab-keys', icon: Key, ready: true, roles: PAGE_ROLES.labKeys }, // 接口密钥
  { key: 'audit', path: '/audit', icon: List, ready: true, roles: PAGE_ROLES.audit }, // 审计日志
]

/** The modules a user of `role` sees in the menu (null: nobody signed in). */
export function modulesFor(role: Role | null): PlatformModule[] {
  return MODULES.filter((m) => !m.roles || (role !== null && m.roles.includes(role)))
}

/**
 * The menu entry a path belongs to: the module whose path is the longest prefix of it by whole
 * segments (`/supervision/cases` → `/supervision`, `/admin/users/7` → `/admin/users`).
 */
export function modulePathOf(path: string): string {
  const segments = path.split('/').filter(Boolean)
  for (let n = segments.length; n > 0; n--) {
    const prefix = `/${segments.slice(0, n).join('/')}`
    if (MODULES.some((m) => m.path === prefix)) return prefix
  }
  return segments.length === 0 ? '/' : `/${segments[0]}`
}
