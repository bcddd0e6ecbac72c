import { describe, expect, it } from 'vitest'
import { formatDateTime, formatDuration, formatTime, hoursBefore, percent, secondsBetween } from './format.ts'

describe('format', () => {
  it('shows UTC times in Asia/Shanghai', () => {
    expect(formatTime('2026-11-27T06:05:00Z', 'en')).toBe('14:05')
    expect(formatDateTime('2026-11-27T06:05:09Z', 'zh-CN')).toBe('2026/11/27 14:05:09')
  })

  it('a missing or bad time shows a dash', () => {
    expect(formatDateTime(null, 'en')).toBe('—')
    expect(formatDateTime('not a date', 'en')).toBe('—')
  })

  const durations: Array<[number, string, string]> = [
    [12, '12 s', '12秒'],
    [250, '4 min 10 s', '4分 10秒'],
    [3_900, '1 h 05 min', '1小时 05分'],
    [-3, '0 s', '0秒'],
  ]
  for (const [seconds, en, zh] of durations) {
    it(`${seconds} s reads "${en}" and "${zh}"`, () => {
      expect(formatDuration(seconds, 'en')).toBe(en)
      expect(formatDuration(seconds, 'zh-CN')).toBe(zh)
    })
  }

  it('percent rounds and treats an empty group as covered', () => {
    expect(percent(1, 3)).toBe(33)
    expect(percent(0, 0)).toBe(100)
  })

  it('intervals: open ones run until now', () => {
    const now = new Date('2026-11-27T06:00:00Z')
    expect(secondsBetween('2026-11-27T05:59:00Z', null, now)).toBe(60)
    expect(secondsBetween('2026-11-27T05:00:00Z', '2026-11-27T05:00:30Z', now)).toBe(30)
    expect(hoursBefore(now, 2)).toBe('2026-11-27T04:00:00.000Z')
  })
})
