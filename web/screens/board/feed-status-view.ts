/**
 * The case feed's status as the supervisor reads it (GET /api/case-feed/status, `CaseFeedStatus` in the
 * contract): ages in words, parked items in order. Pure: `now` and the language are parameters.
 */
import type { ParkedItem } from '../../../server/contracts/cases.ts'
import { formatDuration } from '../../lib/format.ts'
import type { Language } from '../../lib/i18n/translate.ts'

/** How long ago `iso` was: `4 min 10 s`, `2 h 05 min`, `3 d 04 h`; '—' for none or an unreadable time. */
export function formatAge(iso: string | null, now: number, language: Language): string {
  if (!iso) return '—'
  const then = new Date(iso).getTime()
  if (Number.isNaN(then)) return '—'
  const seconds = Math.max(0, Math.round((now - then) / 1000))
  if (seconds < 86_400) return formatDuration(seconds, language)
  const days = Math.floor(seconds / 86_400)
  const hours = Math.floor((seconds % 86_400) / 3600)
  const [ud, uh] = language === 'zh-CN' ? ['天', '小时'] : [' d', ' h']
  return `${days}${ud} ${String(hours).padStart(2, '0')}${uh}`
}

/** Longest stuck first (oldest queued), then by outbox id: an incident's items keep their delivery order. */
export function sortParked(items: readonly ParkedItem[]): ParkedItem[] {
  return [...items].sort((a, b) => {
    const byTime = (Date.parse(a.createdAt) || 0) - (Date.parse(b.createdAt) || 0)
    return byTime !== 0 ? byTime : a.id - b.id
  })
}

/** The panel is for the people who can act on it (the server allows exactly these roles). */
export const FEED_STATUS_ROLES = ['supervisor', 'admin'] as const
export function canSeeFeedStatus(role: string): boolean {
  return (FEED_STATUS_ROLES as readonly string[]).includes(role)
}
