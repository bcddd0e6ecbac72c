/**
 * The coverage report as CSV for a spreadsheet: headers in the reader's language (zh-CN or English) and the
 * window in the site's local time. Pure.
 */
import type { CoverageReport } from '../contracts/patrol.ts'
import { zoneDateTimeText } from '../contracts/zone-clock.ts'

export type CsvLanguage = 'zh-CN' | 'en'

const LABELS = {
  'zh-CN': {
    section: '分组',
    id: '编号',
    name: '名称',
    cameras: '摄像头数',
    patrolled: '已巡查',
    unpatrolled: '未巡查的摄像头',
    category: '摄像头类别',
    community: '社区',
    operator: '巡查员',
    patrolSeconds: '巡查时长（秒）',
    camerasViewed: '看过的摄像头数',
    window: '统计时段',
    from: '开始',
    to: '结束',
    timeZone: '时区',
    minDwell: '计为已巡查的最短连续观看（秒）',
  },
  en: {
    section: 'section',
    id: 'id',
    name: 'name',
    cameras: 'cameras',
    patrolled: 'patrolled',
    unpatrolled: 'unpatrolled cameras',
    category: 'category',
    community: 'community',
    operator: 'operator',
    patrolSeconds: 'patrol seconds',
    camerasViewed: 'cameras viewed',
    window: 'window',
    from: 'from',
    to: 'to',
    timeZone: 'time zone',
    minDwell: 'minimum unbroken viewing to count as patrolled (s)',
  },
} as const satisfies Record<CsvLanguage, Record<string, string>>

/**
 * `?lang=` when the web asks in its UI language, else the browser's first preference: English for `en*`,
 * Chinese for everything else (the room's language).
 */
export function csvLanguage(lang: string | undefined, acceptLanguage: string | undefined): CsvLanguage {
  const wanted = lang ?? acceptLanguage?.split(',')[0]?.split(';')[0]?.trim() ?? ''
  return /^en\b/i.test(wanted) ? 'en' : 'zh-CN'
}

/** `2026-11-27 16:00:00`: the wall-clock time in `timeZone`, as a spreadsheet reads a date. */
export function localDateTime(iso: string, timeZone: string): string {
  return zoneDateTimeText(Date.parse(iso), timeZone, ' ')
}

const csvCell = (value: string | number): string => {
  const text = String(value)
  // Quote what a spreadsheet would misread; a leading = + - @ is neutralised against formula injection.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text
  return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

export interface CoverageCsvOptions {
  language: CsvLanguage
  timeZone: string
  /** Names in the reader's language. */
  names: { category: (id: string) => string; community: (id: string) => string }
}

/** One CSV for the report: a section per table, UTF-8 with a BOM so Excel shows the Chinese names. */
export function coverageCsv(report: CoverageReport, { language, timeZone, names }: CoverageCsvOptions): string {
  const label = LABELS[language]
  const rows: (string | number)[][] = [
    [label.section, label.id, label.name, label.cameras, label.patrolled, label.unpatrolled],
  ]
  for (const g of report.byCategory)
    rows.push([label.category, g.id, names.category(g.id), g.cameras, g.patrolled, g.unpatrolled.join(' ')])
  for (const g of report.byCommunity)
    rows.push([label.community, g.id, names.community(g.id), g.cameras, g.patrolled, g.unpatrolled.join(' ')])
  rows.push([], [label.operator, label.patrolSeconds, label.camerasViewed])
  for (const o of report.operators) rows.push([o.username, o.patrolSeconds, o.cameras])
  rows.push(
    [],
    [label.window, label.from, label.to, label.timeZone, label.minDwell],
    ['', localDateTime(report.from, timeZone), localDateTime(report.to, timeZone), timeZone, report.minDwellSeconds],
  )
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
