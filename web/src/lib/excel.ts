// Excel export of any list (issue 5 item 10), written in the browser with write-excel-file
// (loaded on first use). Every value is a text or number cell, never a formula, so nothing a
// record holds can run in a spreadsheet.
import { saveBlob } from './clipboard'

export interface ExcelColumn<T> {
  /** The header, Chinese first: '机构代码 lab code'. */
  header: string
  /** Column width in characters. */
  width: number
  value: (row: T) => string | number | null | undefined
}

/** Writes `rows` as one sheet and offers the file as a download. */
export async function exportXlsx<T>(rows: readonly T[], columns: readonly ExcelColumn<T>[], sheet: string, fileName: string): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser')
  const header = columns.map((c) => ({ value: c.header, fontWeight: 'bold' as const }))
  const data = [
    header,
    ...rows.map((row) =>
      columns.map((c) => {
        const v = c.value(row)
        return typeof v === 'number' ? { type: Number, value: v } : { type: String, value: v ?? '' }
      }),
    ),
  ]
  const blob = await writeXlsxFile(data, {
    sheet,
    stickyRowsCount: 1,
    columns: columns.map((c) => ({ width: c.width })),
  }).toBlob()
  saveBlob(blob, fileName)
}
