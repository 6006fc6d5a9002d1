// The state of a registry list page (issue 5 item 10): search text, page, total, and reading
// every page of the current search for an export. The server's lists answer
// {items, total, offset, limit} for ?q=&offset=&limit= (at most 500 a page).
import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError } from '../api/client'
import { i18n } from '../i18n'
import { exportXlsx, type ExcelColumn } from './excel'

export interface Page<T> {
  items: T[]
  total: number
  offset: number
  limit: number
}

export type PageFetcher<T, F> = (filter: F, offset: number, limit: number) => Promise<Page<T>>

/** Rows an export reads at most. */
export const MAX_EXPORT = 10_000
export const PAGE_SIZES = [20, 50, 100, 200]

export function usePagedList<T, F extends object>(fetch: PageFetcher<T, F>, initial: F) {
  const filter = reactive({ ...initial }) as F
  const items = ref<T[]>([]) as { value: T[] }
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(PAGE_SIZES[0])
  const loading = ref(false)

  /** Loads the current page; API errors were already shown to the user. */
  async function load(): Promise<void> {
    loading.value = true
    try {
      const p = await fetch({ ...filter }, (page.value - 1) * pageSize.value, pageSize.value)
      items.value = p.items
      total.value = p.total
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
    } finally {
      loading.value = false
    }
  }

  /** A new search starts at the first page. */
  async function search(): Promise<void> {
    page.value = 1
    await load()
  }

  /** Every row of the current filter, up to MAX_EXPORT; `truncated` when there were more. */
  async function allRows(): Promise<{ rows: T[]; truncated: boolean }> {
    const rows: T[] = []
    for (;;) {
      const p = await fetch({ ...filter }, rows.length, 500)
      rows.push(...p.items)
      if (p.items.length === 0 || rows.length >= p.total) return { rows, truncated: false }
      if (rows.length >= MAX_EXPORT) return { rows: rows.slice(0, MAX_EXPORT), truncated: true }
    }
  }

  const exporting = ref(false)

  /** Writes every row of the current filter (up to MAX_EXPORT) to an Excel file and says so. */
  async function exportExcel(columns: readonly ExcelColumn<T>[], sheet: string, fileName: string): Promise<void> {
    const t = i18n.global.t
    exporting.value = true
    try {
      const { rows, truncated } = await allRows()
      await exportXlsx(rows, columns, sheet, fileName)
      ElMessage({
        type: truncated ? 'warning' : 'success',
        message: truncated ? t('common.exportTruncated', { max: MAX_EXPORT }) : t('common.exported', { count: rows.length }),
        showClose: truncated,
      })
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
    } finally {
      exporting.value = false
    }
  }

  return { filter, items, total, page, pageSize, loading, exporting, load, search, allRows, exportExcel }
}
