import { describe, expect, it } from 'vitest'
import { fromLocalInput, toLocalInput } from './site-time.ts'

describe('site time fields', () => {
  it.each([
    ['Shanghai is 8 hours ahead of UTC', 'Asia/Shanghai', '2026-12-03T10:00:05Z', '2026-12-03T18:00:05'],
    ['across midnight in the site zone', 'Asia/Shanghai', '2026-12-03T17:30:00Z', '2026-12-04T01:30:00'],
    ['a zone with summer time, in summer', 'Europe/Berlin', '2026-07-01T12:00:00Z', '2026-07-01T14:00:00'],
  ])('%s', (_name, zone, iso, local) => {
    expect(toLocalInput(Date.parse(iso), zone)).toBe(local)
    expect(fromLocalInput(local, zone)).toBe(Date.parse(iso))
  })

  it('a field without seconds is the minute; anything else is no time', () => {
    expect(fromLocalInput('2026-12-03T18:00', 'Asia/Shanghai')).toBe(Date.parse('2026-12-03T10:00:00Z'))
    expect(fromLocalInput('', 'Asia/Shanghai')).toBeUndefined()
    expect(fromLocalInput('yesterday', 'Asia/Shanghai')).toBeUndefined()
  })
})
