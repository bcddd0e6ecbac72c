import { describe, expect, it } from 'vitest'
import { zoneClock, zoneClockAsUtcMs, zoneDateTimeText } from './zone-clock.ts'

const AT = Date.parse('2026-12-03T16:05:09.250Z') // a Thursday

describe('zoneClock', () => {
  it("reads the site's wall clock, weekday included, past midnight in the zone", () => {
    expect(zoneClock(AT, 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 12,
      day: 4,
      hour: 0,
      minute: 5,
      second: 9,
      weekday: 5,
    })
    expect(zoneDateTimeText(AT, 'Asia/Shanghai', 'T')).toBe('2026-12-04T00:05:09')
    expect(zoneDateTimeText(AT, 'UTC', ' ')).toBe('2026-12-03 16:05:09')
  })

  it('gives the offset of a zone with summer time on either side of its change', () => {
    const winter = Date.parse('2026-01-15T12:00:00Z')
    const summer = Date.parse('2026-07-15T12:00:00Z')
    expect(zoneClockAsUtcMs(winter, 'Europe/Berlin') - winter).toBe(3_600_000)
    expect(zoneClockAsUtcMs(summer, 'Europe/Berlin') - summer).toBe(7_200_000)
  })
})
