import { describe, expect, it } from 'vitest'
import type { RecordingSettings } from '../contracts/recording.ts'
import { cameraRecordings, scheduleOpen } from './recording-plan.ts'

const settings: RecordingSettings = {
  quota: '1GiB',
  rules: [
    { id: 'by-id', cameras: ['cam-2'], quality: 'main', schedule: 'always', retentionDays: 30 },
    {
      id: 'schools',
      categories: ['school'],
      quality: 'sub',
      schedule: [{ days: [1], from: '07:00', to: '08:30' }],
      retentionDays: 7,
    },
    { id: 'east', communities: ['east'], quality: 'sub', schedule: 'always', retentionDays: 3 },
  ],
}
const cameras = [
  { id: 'cam-1', categories: ['school'], community: 'east' },
  { id: 'cam-2', categories: ['school'], community: 'west' },
  { id: 'cam-3', categories: ['market'], community: 'east' },
  { id: 'cam-4', categories: ['market'], community: 'west' },
]

describe('which cameras record, by which rule', () => {
  it('the first rule that picks a camera records it; a camera no rule picks is not recorded', () => {
    expect(cameraRecordings(settings, cameras).map((r) => [r.cameraId, r.ruleId, r.priority, r.quality])).toEqual([
      ['cam-1', 'schools', 1, 'sub'],
      ['cam-2', 'by-id', 0, 'main'],
      ['cam-3', 'east', 2, 'sub'],
    ])
  })

  it('a window is open from its start (inclusive) to its end (exclusive), on its weekdays, in the site time zone', () => {
    const schedule = settings.rules[1]!.schedule
    // Monday 2026-11-30 07:00 in Shanghai is 23:00 UTC on the Sunday.
    const mondaySeven = Date.UTC(2026, 10, 29, 23, 0)
    expect(scheduleOpen(schedule, mondaySeven, 'Asia/Shanghai')).toBe(true)
    expect(scheduleOpen(schedule, mondaySeven - 60_000, 'Asia/Shanghai')).toBe(false)
    expect(scheduleOpen(schedule, mondaySeven + 90 * 60_000, 'Asia/Shanghai')).toBe(false)
    expect(scheduleOpen(schedule, mondaySeven + 89 * 60_000, 'Asia/Shanghai')).toBe(true)
    expect(scheduleOpen(schedule, mondaySeven + 7 * 86_400_000 - 86_400_000, 'Asia/Shanghai')).toBe(false)
    expect(scheduleOpen(schedule, mondaySeven, 'UTC')).toBe(false)
    expect(scheduleOpen('always', mondaySeven, 'UTC')).toBe(true)
  })
})
