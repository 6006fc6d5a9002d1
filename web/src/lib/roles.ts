// Roles for forms and tables: the server's list (GET /api/v1/roles) when it answers, else what
// this page knows, so a form still offers the right fields.
import type { Role, RoleInfo } from '../api/client'
import { currentLocale, i18n } from '../i18n'

export const FALLBACK_ROLES: readonly RoleInfo[] = [
  { role: 'system_admin', name_zh: '系统管理员', name_en: 'System administrator', admin: true, requires_totp: true, scope: 'none' },
  { role: 'security_admin', name_zh: '安全管理员', name_en: 'Security administrator', admin: true, requires_totp: true, scope: 'none' },
  { role: 'audit_admin', name_zh: '审计管理员', name_en: 'Audit administrator', admin: true, requires_totp: true, scope: 'none' },
  { role: 'regulator', name_zh: '监管人员', name_en: 'Regulator', admin: false, requires_totp: true, scope: 'region' },
  { role: 'station_staff', name_zh: '监督站人员', name_en: 'Supervision station staff', admin: false, requires_totp: true, scope: 'region' },
  { role: 'lab_admin', name_zh: '检测机构管理员', name_en: 'Lab administrator', admin: false, requires_totp: false, scope: 'lab' },
  { role: 'lab_staff', name_zh: '检测人员', name_en: 'Lab staff', admin: false, requires_totp: false, scope: 'lab' },
  { role: 'witness', name_zh: '见证人员', name_en: 'Witness', admin: false, requires_totp: false, scope: 'none' },
  { role: 'reviewer', name_zh: '审核人员', name_en: 'Reviewer', admin: false, requires_totp: false, scope: 'lab' },
]

/** The role's name in the UI language: the app's own words first, then the server's. */
export function roleName(role: string, info?: RoleInfo): string {
  const key = `auth.roles.${role}`
  if (i18n.global.te(key)) return i18n.global.t(key)
  if (info) return currentLocale.value === 'en' ? info.name_en : info.name_zh
  return role
}

export function roleInfo(roles: readonly RoleInfo[], role: Role | ''): RoleInfo | undefined {
  return roles.find((r) => r.role === role) ?? FALLBACK_ROLES.find((r) => r.role === role)
}

export const REGION_PATTERN = /^\d{6}$/
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/
