// Small display helpers shared by the ledger pages.
import { i18n } from '../../i18n'

/** `765188a76eef…1d4456`: enough to recognise a hash, the whole of it on hover and copy. */
export function shortHash(hex: string): string {
  return hex.length > 24 ? `${hex.slice(0, 12)}…${hex.slice(-8)}` : hex
}

/** The record type's name in the UI language, else the type itself. */
export function recordTypeLabel(type: string): string {
  const key = `ledger.types.${type}`
  return i18n.global.te(key) ? i18n.global.t(key) : type
}

export const HASH_ALG_LABEL: Record<string, string> = { sm3: 'SM3', sha256: 'SHA-256' }

/** Record types the ledger holds today, for the lookup form. */
export const RECORD_TYPES = ['connectivity_check', 'blob_upload', 'lab'] as const
