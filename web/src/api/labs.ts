// The lab registry (issue 5 items 3, 5 and 9): labs with connection status, qualification
// certificates, equipment with calibrations and the regulator's verification.
import { enc, getJson, queryString, send, type Lab } from './client'
import type { Page } from '../lib/pagedList'

export type ConnectionStatus = Lab['connection_status']
export type CalibrationStatus = 'valid' | 'expiring' | 'expired' | 'none'
export type VerificationState = 'unverified' | 'verified' | 'rejected'

export interface LabFilter {
  q: string
  region: string
  status: '' | ConnectionStatus
}

export interface QualificationCategory {
  code: string
  name_zh: string
  name_en: string
  material_testing: boolean
}

export interface Qualification {
  id: number
  lab_code: string
  number: string
  issuer: string
  categories: string[]
  parameters: string[]
  valid_from: string
  valid_until: string
  withdrawn_at: string | null
  in_force: boolean
}

export interface NewQualification {
  number: string
  issuer: string
  categories: string[]
  parameters: string[]
  valid_from: string
  valid_until: string
  reason?: string
}

export interface Calibration {
  id: number
  number: string
  issuer: string
  calibrated_on: string
  valid_until: string
}

export interface Equipment {
  id: number
  lab_code: string
  name: string
  model: string
  serial: string
  category: string
  measuring_range: string
  auto_collect: boolean
  verification_state: VerificationState
  verified_by: string | null
  verified_at: string | null
  verification_note: string
  calibrated_until: string | null
  calibration_status: CalibrationStatus
  usable: boolean
  updated_at: string
}

export interface EquipmentDetail extends Equipment {
  calibrations: Calibration[]
}

export interface NewEquipment {
  name: string
  model: string
  serial: string
  category: string
  measuring_range: string
  auto_collect: boolean
}

export interface NewCalibration {
  number: string
  issuer: string
  calibrated_on: string
  valid_until: string
}

export interface EquipmentFilter {
  lab: string
  q: string
  calibration: '' | CalibrationStatus
  verification: '' | VerificationState
}

const labPath = (code: string) => `/api/v1/labs/${enc(code)}`

export const labsApi = {
  page: (f: LabFilter, offset: number, limit: number) =>
    getJson<Page<Lab>>(`/api/v1/labs${queryString({ q: f.q, region: f.region, status: f.status, offset, limit })}`),
  lab: (code: string) => getJson<Lab>(labPath(code)),
  categories: () => getJson<{ items: QualificationCategory[] }>('/api/v1/qualification-categories').then((r) => r.items),
  qualifications: (code: string) =>
    getJson<{ items: Qualification[] }>(`${labPath(code)}/qualifications`).then((r) => r.items),
  addQualification: (code: string, q: NewQualification) =>
    send<Qualification>(`${labPath(code)}/qualifications`, 'POST', q, false),
  withdrawQualification: (code: string, id: number, reason: string) =>
    send<Qualification>(`${labPath(code)}/qualifications/${id}/withdraw`, 'POST', { reason }),
  equipmentPage: (f: EquipmentFilter, offset: number, limit: number) =>
    getJson<Page<Equipment>>(
      `/api/v1/equipment${queryString({ lab: f.lab, q: f.q, calibration: f.calibration, verification: f.verification, offset, limit })}`,
    ),
  equipment: (code: string, id: number) => getJson<EquipmentDetail>(`${labPath(code)}/equipment/${id}`),
  addEquipment: (code: string, e: NewEquipment) => send<EquipmentDetail>(`${labPath(code)}/equipment`, 'POST', e, false),
  addCalibration: (code: string, id: number, c: NewCalibration) =>
    send<EquipmentDetail>(`${labPath(code)}/equipment/${id}/calibrations`, 'POST', c, false),
  verify: (code: string, id: number, state: VerificationState, note: string) =>
    send<EquipmentDetail>(`${labPath(code)}/equipment/${id}/verification`, 'POST', { state, note }),
}
