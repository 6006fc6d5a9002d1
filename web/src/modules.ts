// The platform's modules, in menu order. Those without a page yet route to the "coming soon" view.
import type { Component } from 'vue'
import {
  Camera,
  DataAnalysis,
  Document,
  DocumentChecked,
  Histogram,
  Location,
  Notebook,
  OfficeBuilding,
  Odometer,
  Reading,
  Stamp,
  User,
} from '@element-plus/icons-vue'
import type zhCN from './locales/zh-CN'

export type MenuKey = keyof (typeof zhCN)['menu']

export interface PlatformModule {
  key: MenuKey
  path: string
  icon: Component
  /** True once the module has a real page. */
  ready: boolean
}

export const MODULES: readonly PlatformModule[] = [
  { key: 'overview', path: '/', icon: Odometer, ready: true },
  { key: 'labs', path: '/labs', icon: OfficeBuilding, ready: false }, // 检测机构
  { key: 'personnel', path: '/personnel', icon: User, ready: false }, // 人员与设备
  { key: 'projects', path: '/projects', icon: Location, ready: false }, // 工程项目
  { key: 'sampling', path: '/sampling', icon: Stamp, ready: false }, // 见证取样
  { key: 'testData', path: '/test-data', icon: DataAnalysis, ready: false }, // 检测数据
  { key: 'onsite', path: '/onsite', icon: Histogram, ready: false }, // 现场检测
  { key: 'reports', path: '/reports', icon: Document, ready: false }, // 检测报告
  { key: 'video', path: '/video', icon: Camera, ready: false }, // 视频监控
  { key: 'supervision', path: '/supervision', icon: Notebook, ready: false }, // 监督执法
  { key: 'verify', path: '/verify', icon: DocumentChecked, ready: false }, // 报告验真
  { key: 'apiDocs', path: '/docs', icon: Reading, ready: true }, // API 接口文档
]

/** The menu entry a path belongs to: its first segment (`/supervision/cases` → `/supervision`). */
export function modulePathOf(path: string): string {
  const first = path.split('/').filter(Boolean)[0]
  return first === undefined ? '/' : `/${first}`
}
