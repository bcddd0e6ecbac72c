/**
 * Times and durations as the monitoring room reads them: stored in UTC, shown in the site's zone
 * (Asia/Shanghai by default), in the current language. Pure: language and zone are parameters.
 */
import { DEFAULT_TIME_ZONE } from '../../server/contracts/api.ts'
import type { Language } from './i18n/translate.ts'

/** `2026-11-27 14:05:09` style in zh-CN, the locale's short form in English. */
export function formatDateTime(iso: string | null, language: Language, timeZone = DEFAULT_TIME_ZONE): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return '—'
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'short',
    timeStyle: 'medium',
    timeZone,
    hourCycle: 'h23',
  }).format(date)
}

/** Time of day only, for "offline since 14:05" on a tile where the date is today's. */
export function formatTime(iso: string, language: Language, timeZone = DEFAULT_TIME_ZONE): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return '—'
  return new Intl.DateTimeFormat(language, { timeStyle: 'short', timeZone, hourCycle: 'h23' }).format(date)
}

/** `1 h 05 min`, `4 min 10 s`, `12 s`: patrol time at a glance, without a unit library. */
export function formatDuration(totalSeconds: number, language: Language): string {
  const s = Math.max(0, Math.round(totalSeconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  const [uh, um, us] = language === 'zh-CN' ? ['小时', '分', '秒'] : [' h', ' min', ' s']
  const pad = (n: number) => String(n).padStart(2, '0')
  if (h > 0) return `${h}${uh} ${pad(m)}${um}`
  if (m > 0) return `${m}${um} ${pad(sec)}${us}`
  return `${sec}${us}`
}

/** Share of a group patrolled, as a whole percent; an empty group counts as fully covered. */
export function percent(part: number, whole: number): number {
  if (whole <= 0) return 100
  return Math.round((part / whole) * 100)
}

/** A UTC ISO time `hours` before `now`, for the log filter's default. */
export function hoursBefore(now: Date, hours: number): string {
  return new Date(now.getTime() - hours * 3_600_000).toISOString()
}

/** Seconds between two ISO times; an open interval runs until `now`. */
export function secondsBetween(from: string, to: string | null, now: Date): number {
  const end = to ? new Date(to).getTime() : now.getTime()
  return Math.max(0, Math.round((end - new Date(from).getTime()) / 1000))
}
