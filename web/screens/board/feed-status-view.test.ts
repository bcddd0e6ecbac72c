import { describe, expect, it } from 'vitest'
import type { ParkedItem } from '../../../server/contracts/cases.ts'
import { canSeeFeedStatus, formatAge, sortParked } from './feed-status-view.ts'

const now = Date.parse('2026-11-27T08:00:00Z')
const before = (seconds: number) => new Date(now - seconds * 1000).toISOString()

function parked(id: number, createdAt: string, extra: Partial<ParkedItem> = {}): ParkedItem {
  return {
    id,
    incidentId: id,
    incident: `SE-${id}`,
    kind: 'update',
    stage: 'dispatched',
    attempts: 8,
    lastError: 'HTTP 502',
    createdAt,
    ...extra,
  }
}

describe('formatAge', () => {
  it.each([
    ['seconds under a minute', 12, 'en', '12 s'],
    ['minutes with padded seconds', 250, 'en', '4 min 10 s'],
    ['hours with padded minutes', 2 * 3600 + 5 * 60, 'en', '2 h 05 min'],
    ['days with padded hours past a day', 3 * 86_400 + 4 * 3600 + 59, 'en', '3 d 04 h'],
    ['Chinese units', 3 * 86_400 + 4 * 3600, 'zh-CN', '3天 04小时'],
  ] as const)('%s', (_name, seconds, language, expected) => {
    expect(formatAge(before(seconds), now, language)).toBe(expected)
  })

  it('no time, an unreadable time, and a time in the future (clock skew) read as — , —, 0 s', () => {
    expect(formatAge(null, now, 'en')).toBe('—')
    expect(formatAge('not a date', now, 'en')).toBe('—')
    expect(formatAge(before(-30), now, 'en')).toBe('0 s')
  })
})

describe('sortParked', () => {
  it('puts the longest stuck first and keeps outbox order within the same moment', () => {
    const items = [parked(5, before(60)), parked(3, before(3600)), parked(4, before(60)), parked(2, before(600))]
    expect(sortParked(items).map((item) => item.id)).toEqual([3, 2, 4, 5])
  })

  it('does not reorder the array it was given', () => {
    const items = [parked(2, before(1)), parked(1, before(2))]
    sortParked(items)
    expect(items.map((item) => item.id)).toEqual([2, 1])
  })
})

describe('canSeeFeedStatus', () => {
  it.each([
    ['admin', true],
    ['supervisor', true],
    ['operator', false],
    ['department', false],
    ['wall', false],
  ] as const)('%s: %s', (role, expected) => {
    expect(canSeeFeedStatus(role)).toBe(expected)
  })
})
