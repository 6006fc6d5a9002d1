import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import elementEn from 'element-plus/es/locale/lang/en'
import elementZhCn from 'element-plus/es/locale/lang/zh-cn'
import en from './locales/en'
import zhCN from './locales/zh-CN'

export type AppLocale = 'zh-CN' | 'en'

export const LOCALES: readonly AppLocale[] = ['zh-CN', 'en']
const STORAGE_KEY = 'labwatch.locale'

function storedLocale(): AppLocale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'en' || saved === 'zh-CN') return saved
  } catch {
    // Storage can be unavailable (privacy mode); Chinese stays the default.
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export const currentLocale = computed<AppLocale>(() => i18n.global.locale.value as AppLocale)

export const elementLocale = computed(() => (currentLocale.value === 'en' ? elementEn : elementZhCn))

/** Switches the UI language and remembers it for the next visit. */
export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // Not remembered, but the switch itself still works.
  }
  applyDocumentLocale()
}

/** Keeps <html lang> and the tab title in step with the UI language. */
export function applyDocumentLocale(): void {
  document.documentElement.lang = currentLocale.value
  document.title = i18n.global.t('app.title')
}
