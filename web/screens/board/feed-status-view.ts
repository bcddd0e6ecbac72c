/**
 * The case feed's status as the supervisor reads it: parsed from GET /api/case-feed/status (the server
 * declares no response schema for it, so the shape is checked here), ages in words, parked items in order.
 * Pure: `now` and the language are parameters.
 */
import { STAGES, type Stage } from '../../../server/contracts/incidents.ts'
import { formatDuration } from '../../lib/format.ts'
import type { Language } from '../../lib/i18n/translate.ts'

export interface ParkedItem {
  id: number
  incidentId: number
  /** The incident's code, or null when the incident is gone. */
  incident: string | null
  kind: 'request' | 'update'
  stage: Stage
  attempts: number
  lastError: string | null
  createdAt: string
}

export type FeedStatus =
  | { enabled: false }
  | {
      enabled: true
      url: string | null
      queueLength: number
      oldestPendingAt: string | null
      delivered: number
      failing: number
      lastSuccessAt: string | null
      parked: ParkedItem[]
    }

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0
const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

function parseParked(value: unknown): ParkedItem | null {
  if (!isObject(value) || typeof value.id !== 'number' || typeof value.incidentId !== 'number') return null
  if (value.kind !== 'request' && value.kind !== 'update') return null
  if (!STAGES.includes(value.stage as Stage)) return null
  return {
    id: value.id,
    incidentId: value.incidentId,
    incident: textOrNull(value.incident),
    kind: value.kind,
    stage: value.stage as Stage,
    attempts: count(value.attempts),
    lastError: textOrNull(value.lastError),
    createdAt: typeof value.createdAt === 'string' ? value.createdAt : '',
  }
}

/** Throws on a body that is not a status at all; tolerates missing counts (read as 0) and drops malformed parked rows. */
export function parseFeedStatus(body: unknown): FeedStatus {
  if (!isObject(body) || typeof body.enabled !== 'boolean') throw new TypeError('not a case feed status')
  if (!body.enabled) return { enabled: false }
  const parked = Array.isArray(body.parked)
    ? body.parked.map(parseParked).filter((item): item is ParkedItem => item !== null)
    : []
  return {
    enabled: true,
    url: textOrNull(body.url),
    queueLength: count(body.queueLength),
    oldestPendingAt: textOrNull(body.oldestPendingAt),
    delivered: count(body.delivered),
    failing: count(body.failing),
    lastSuccessAt: textOrNull(body.lastSuccessAt),
    parked,
  }
}

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
