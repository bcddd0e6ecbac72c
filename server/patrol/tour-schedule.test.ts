import { describe, expect, it } from 'vitest'
import { dueState, occurrences, zonedTimeToUtc } from './tour-schedule.ts'

const iso = (ms: number): string => new Date(ms).toISOString()

describe('tour schedules', () => {
  it('a local time in Shanghai is eight hours ahead of UTC', () => {
    expect(iso(zonedTimeToUtc(2026, 11, 27, 8, 0, 'Asia/Shanghai'))).toBe('2026-11-27T00:00:00.000Z')
  })

  it('a time skipped by a DST change lands on the instant after it, in a zone that has DST', () => {
    // Berlin skipped 02:00-03:00 on 2026-03-29.
    expect(iso(zonedTimeToUtc(2026, 3, 29, 2, 30, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z')
    expect(iso(zonedTimeToUtc(2026, 7, 1, 12, 0, 'Europe/Berlin'))).toBe('2026-07-01T10:00:00.000Z')
  })

  it.each([
    [
      'trouble spots every 2 hours on the day shift, over one day',
      { times: ['08:00', '10:00', '12:00', '14:00', '16:00'] },
      '2026-11-26T16:00:00Z',
      '2026-11-27T16:00:00Z',
      [
        '2026-11-27T00:00:00.000Z',
        '2026-11-27T02:00:00.000Z',
        '2026-11-27T04:00:00.000Z',
        '2026-11-27T06:00:00.000Z',
        '2026-11-27T08:00:00.000Z',
      ],
    ],
    [
      'weekdays only: nothing on a Saturday (2026-11-28)',
      { times: ['09:00'], weekdays: [1, 2, 3, 4, 5] },
      '2026-11-27T16:00:00Z',
      '2026-11-28T16:00:00Z',
      [],
    ],
    [
      'the window is half-open: a due time at its end belongs to the next window',
      { times: ['08:00'] },
      '2026-11-26T00:00:00Z',
      '2026-11-27T00:00:00Z',
      ['2026-11-26T00:00:00.000Z'],
    ],
  ])('%s', (_, schedule, from, to, expected) => {
    expect(occurrences(schedule, Date.parse(from), Date.parse(to), 'Asia/Shanghai').map(iso)).toEqual(expected)
  })

  describe('what became of an occurrence', () => {
    const due = Date.parse('2026-11-27T02:00:00Z')
    const minute = 60_000
    it.each([
      ['before its time it is upcoming', [], due - minute, { state: 'upcoming', runId: null }],
      ['within the grace period without a run it is due', [], due + 10 * minute, { state: 'due', runId: null }],
      ['after the grace period without a run it is missed', [], due + 31 * minute, { state: 'missed', runId: null }],
      [
        'a run started for it answers it, even late',
        [{ id: 7, startedAt: due + 45 * minute, dueAt: due }],
        due + 60 * minute,
        { state: 'run', runId: 7 },
      ],
      [
        'a run started by hand within the grace period answers it',
        [{ id: 8, startedAt: due + 5 * minute, dueAt: null }],
        due + 60 * minute,
        { state: 'run', runId: 8 },
      ],
      [
        'a run started by hand before it does not',
        [{ id: 9, startedAt: due - 5 * minute, dueAt: null }],
        due + 60 * minute,
        { state: 'missed', runId: null },
      ],
    ])('%s', (_, runs, now, expected) => {
      expect(dueState(due, 30, runs, now)).toEqual(expected)
    })
  })
})
