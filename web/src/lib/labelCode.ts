// Specimen label codes (issue 6), as the server reads them (src/domain/label_code.cpp): 12
// random symbols of Crockford's base32 and a check symbol by Damm's algorithm over the
// quasigroup x∘y = 2·(x ⊕ y) in GF(32) (modulus x^5 + x^2 + 1), which catches every
// single-symbol error and every swap of two neighbours. The witness's manual entry is checked
// here before anything is sent. A label's QR encodes `<base URL>/q/<CODE>`.

/** Crockford's base32: digits and letters without I, L, O and U. */
export const LABEL_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const LABEL_RANDOM_SYMBOLS = 12
export const LABEL_LENGTH = LABEL_RANDOM_SYMBOLS + 1

function combine(interim: number, value: number): number {
  let v = (interim ^ value) << 1
  if (v & 32) v ^= 0x25
  return v
}

function interimOf(symbols: string): number {
  let interim = 0
  for (const c of symbols) interim = combine(interim, LABEL_ALPHABET.indexOf(c))
  return interim
}

/** The check symbol of `body` (symbols of the alphabet). */
export function labelCheck(body: string): string {
  return LABEL_ALPHABET[interimOf(body)]
}

/** Why a text is not a code, for the form to say. */
export type LabelCodeProblem = 'empty' | 'symbol' | 'length' | 'check'

/**
 * `text` as a code: separators (- and spaces) dropped, case folded, O read as 0, I and L as 1;
 * otherwise why not.
 */
export function readLabelCode(text: string): { code: string } | { problem: LabelCodeProblem } {
  let code = ''
  for (let c of text.toUpperCase()) {
    if (c === '-' || c === ' ') continue
    if (c === 'O') c = '0'
    else if (c === 'I' || c === 'L') c = '1'
    if (!LABEL_ALPHABET.includes(c)) return { problem: 'symbol' }
    code += c
  }
  if (code.length === 0) return { problem: 'empty' }
  if (code.length !== LABEL_LENGTH) return { problem: 'length' }
  if (interimOf(code) !== 0) return { problem: 'check' }
  return { code }
}

/** The canonical code, or null when `text` is not one. */
export function parseLabelCode(text: string): string | null {
  const read = readLabelCode(text)
  return 'code' in read ? read.code : null
}

/** As printed under a QR: `7KQ2-M9XD-4TRB-T`. */
export function displayLabelCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-')
}

/**
 * The code a scanned QR carries: the last path segment of a `…/q/<CODE>` URL, or the text
 * itself; null when it is not a label code.
 */
export function codeFromScan(text: string): string | null {
  const trimmed = text.trim()
  const url = /\/q\/([0-9A-Za-z -]+?)\/?(?:[?#].*)?$/.exec(trimmed)
  return parseLabelCode(url ? decodeURIComponent(url[1]) : trimmed)
}
