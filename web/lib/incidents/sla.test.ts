import { describe, expect, it } from 'vitest'
import { incident } from './fixtures.ts'
import { formatCountdown, slaOf } from './sla.ts'

// A fake clock: dispatched at 06:00, acknowledge due 06:10, handle due 10:00 (UTC).
const at = (hhmmss: string): number => Date.parse(`2026-11-27T${hhmmss}.000Z`)
const dispatched = incident({
  stage: 'dispatched',
  dispatchedAt: '2026-11-27T06:00:00.000Z',
  acknowledgeDueAt: '2026-11-27T06:10:00.000Z',
  handleDueAt: '2026-11-27T10:00:00.000Z',
})

describe('SLA countdown', () => {
  it('a dispatched incident counts down to its acknowledge deadline', () => {
    expect(slaOf(dispatched, at('06:05:30'))).toEqual({
      phase: 'acknowledge',
      dueAt: dispatched.acknowledgeDueAt,
      remainingMs: 270_000,
      overdue: false,
    })
  })

  it('past the acknowledge deadline it is overdue, counting up', () => {
    const sla = slaOf(dispatched, at('06:12:00'))
    expect(sla).toMatchObject({ phase: 'acknowledge', overdue: true, remainingMs: -120_000 })
  })

  it('exactly at the deadline it is overdue (the server escalates at due <= now)', () => {
    expect(slaOf(dispatched, at('06:10:00'))?.overdue).toBe(true)
  })

  it('an unacknowledged incident past both deadlines reads as overdue for handling', () => {
    expect(slaOf(dispatched, at('10:00:01'))).toMatchObject({ phase: 'handle', overdue: true })
  })

  it('once acknowledged or in progress the handle deadline counts', () => {
    expect(slaOf({ ...dispatched, stage: 'acknowledged' }, at('06:12:00'))).toMatchObject({
      phase: 'handle',
      overdue: false,
      remainingMs: 13_680_000,
    })
    expect(slaOf({ ...dispatched, stage: 'in-progress' }, at('10:30:00'))).toMatchObject({
      phase: 'handle',
      overdue: true,
    })
  })

  it('no clock runs before dispatch, when returned, handled or closed', () => {
    for (const stage of ['reported', 'accepted', 'returned', 'handled', 'verified', 'closed'] as const) {
      expect({ stage, sla: slaOf({ ...dispatched, stage }, at('06:05:00')) }).toEqual({ stage, sla: null })
    }
  })

  it('formats minutes and seconds, and hours when there are any', () => {
    expect(formatCountdown(270_000)).toBe('4:30')
    expect(formatCountdown(-120_000)).toBe('2:00')
    expect(formatCountdown(13_080_000)).toBe('3:38:00')
    expect(formatCountdown(500)).toBe('0:01')
    expect(formatCountdown(0)).toBe('0:00')
  })
})
