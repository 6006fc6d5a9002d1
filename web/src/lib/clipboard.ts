import { ElMessage } from 'element-plus'
import { i18n } from '../i18n'

/** Copies `text` and says so; the page stays usable without clipboard access (plain HTTP). */
export async function copyText(text: string): Promise<boolean> {
  const t = i18n.global.t
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
    } else {
      // Fallback for plain-HTTP deployments, where the async clipboard API is missing.
      const area = document.createElement('textarea')
      area.value = text
      area.setAttribute('readonly', '')
      area.style.position = 'fixed'
      area.style.opacity = '0'
      document.body.appendChild(area)
      area.select()
      const ok = document.execCommand('copy')
      area.remove()
      if (!ok) throw new Error('execCommand copy refused')
    }
    ElMessage({ type: 'success', message: t('common.copied'), grouping: true })
    return true
  } catch {
    ElMessage({ type: 'warning', message: t('common.copyFailed'), grouping: true })
    return false
  }
}

/** Offers `blob` as a download named `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
