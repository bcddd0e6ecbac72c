import { describe, expect, it } from 'vitest'
import type { WallMonitor } from '../contracts/wall.ts'
import { nextScheduleBoundary, presetInForce } from './wall-schedule.ts'

const SHANGHAI = 'Asia/Shanghai'
const side: WallMonitor = {
  id: 'side',
  name: '副屏',
  defaultPreset: 'side-patrol',
  alarmZone: 'alarm',
  schedule: [
    { preset: 'school-gates', from: '07:00', to: '08:30', days: [1, 2, 3, 4, 5] },
    { preset: 'school-gates', from: '16:30', to: '18:00', days: [1, 2, 3, 4, 5] },
  ],
}
/** Local Shanghai time (UTC+8, no DST) as a UTC instant. 2026-12-03 is a Thursday, 12-05 a Saturday. */
const local = (date: string, clock: string): number => Date.parse(`${date}T${clock}:00+08:00`)

describe('the preset in force', () => {
  it.each([
    ['before the morning school run: the default', '2026-12-03', '06:59', 'side-patrol'],
    ['at its start (inclusive)', '2026-12-03', '07:00', 'school-gates'],
    ['during it', '2026-12-03', '08:29', 'school-gates'],
    ['at its end (exclusive)', '2026-12-03', '08:30', 'side-patrol'],
    ['in the afternoon run', '2026-12-03', '17:15', 'school-gates'],
    ['on a Saturday, the weekday schedule does not apply', '2026-12-05', '07:30', 'side-patrol'],
  ])('%s', (_, date, clock, preset) => {
    expect(presetInForce(side, local(date, clock), SHANGHAI)).toBe(preset)
  })

  it('a monitor without a schedule always shows its default', () => {
    const main: WallMonitor = { id: 'main', name: '主屏', defaultPreset: 'overview' }
    expect(presetInForce(main, local('2026-12-03', '07:30'), SHANGHAI)).toBe('overview')
    expect(nextScheduleBoundary(main, local('2026-12-03', '07:30'), SHANGHAI)).toBeNull()
  })

  it('days follow the site time zone, not UTC: 07:30 Monday in Shanghai is Sunday 23:30 UTC', () => {
    expect(presetInForce(side, local('2026-12-07', '07:30'), SHANGHAI)).toBe('school-gates')
  })
})

describe('the next schedule boundary', () => {
  it.each([
    ['early morning: the run starts at 07:00', '2026-12-03', '05:00', '2026-12-03', '07:00'],
    ['during the run: it ends at 08:30', '2026-12-03', '07:00', '2026-12-03', '08:30'],
    ['midday: the afternoon run', '2026-12-03', '12:00', '2026-12-03', '16:30'],
    ['Friday evening: Monday morning', '2026-12-04', '18:00', '2026-12-07', '07:00'],
  ])('%s', (_, date, clock, nextDate, nextClock) => {
    expect(nextScheduleBoundary(side, local(date, clock), SHANGHAI)).toBe(local(nextDate, nextClock))
  })
})
