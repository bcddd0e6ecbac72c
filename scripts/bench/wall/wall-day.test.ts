import { describe, expect, it } from 'vitest'
import { dayCounts, LOOP_MINUTES, planWorkingDay, WORKING_DAY, type DayEvent } from './wall-day.ts'

const CAMERAS = Array.from({ length: 320 }, (_, i) => `cam-${String(i + 1).padStart(4, '0')}`)
const inputs = (minutes: number) => ({
  minutes,
  cameras: CAMERAS,
  dropCameras: ['cam-0002', 'cam-0009', 'cam-0015'],
  categories: ['vehicle-scrape', 'road-flooding', 'street-vendor'],
})

describe('a working day laid out on the wall benchmark', () => {
  it.each([480, 60, 8])('holds the whole day in a %i-minute run: reports, pushes, clears, camera drops', (minutes) => {
    const counts = dayCounts(planWorkingDay(inputs(minutes)))
    expect(counts.report).toBe(WORKING_DAY.reports)
    expect(counts['push-camera'] + counts['push-incident']).toBe(WORKING_DAY.pushes)
    expect(counts['push-incident']).toBe(Math.floor(WORKING_DAY.pushes / 3))
    expect(counts.clear).toBe(WORKING_DAY.pushes / 4)
    expect(counts['camera-offline']).toBe(2 * WORKING_DAY.cameraDrops)
  })

  it.each([480, 60, 16, 8, 4, 2])(
    'keeps time order in a %i-minute run, starting after its first minute (or sixteenth) and ending as long before its end',
    (minutes) => {
      const margin = Math.min(60_000, (minutes * 60_000) / 16)
      const events = planWorkingDay(inputs(minutes))
      const times = events.map((event) => event.atMs)
      expect(times).toEqual([...times].sort((a, b) => a - b))
      expect(times[0]).toBeGreaterThanOrEqual(margin)
      expect(times.at(-1)).toBeLessThanOrEqual(minutes * 60_000 - margin)
    },
  )

  it('takes each report through the loop in order; rejected ones stop at rejection, some stay open', () => {
    const events = planWorkingDay(inputs(480))
    const stepsOf = (report: number): string[] =>
      events.flatMap((event) => (event.kind === 'step' && event.report === report ? [event.action] : []))
    const full = LOOP_MINUTES.map((step) => step.action)
    expect(stepsOf(0)).toEqual(full)
    expect(stepsOf(WORKING_DAY.rejectEvery - 1)).toEqual(['reject'])
    expect(stepsOf(WORKING_DAY.leftOpenEvery - 2)).toEqual(['accept', 'dispatch', 'acknowledge'])
    const close = events.find((event) => event.kind === 'step' && event.action === 'close')
    expect(close).toMatchObject({ closeReason: 'resolved' })
    // Every step comes after its report.
    const reportedAt = new Map(events.flatMap((e) => (e.kind === 'report' ? [[e.report, e.atMs] as const] : [])))
    for (const event of events)
      if (event.kind === 'step') expect(event.atMs).toBeGreaterThan(reportedAt.get(event.report)!)
  })

  it('leaves out the loop steps that would come after the run, so late reports stay open', () => {
    const whole = dayCounts(planWorkingDay(inputs(480))).step
    const events = planWorkingDay(inputs(480))
    const lastReport = events.filter((event) => event.kind === 'report').at(-1) as Extract<DayEvent, { kind: 'report' }>
    expect(events.some((event) => event.kind === 'step' && event.report === lastReport.report)).toBe(true)
    expect(events.some((e) => e.kind === 'step' && e.report === lastReport.report && e.action === 'archive')).toBe(
      false,
    )
    expect(whole).toBeLessThan(WORKING_DAY.reports * LOOP_MINUTES.length)
  })

  it.each([480, 60, 8, 4, 2])(
    'pushes incidents already reported, urgent ones every tenth report, and brings every camera back (%i minutes)',
    (minutes) => {
      const events = planWorkingDay(inputs(minutes))
      const reported = new Set<number>()
      const down = new Set<string>()
      for (const event of events) {
        if (event.kind === 'report') reported.add(event.report)
        if (event.kind === 'push-incident') expect(reported.has(event.report)).toBe(true)
        if (event.kind === 'camera-offline') {
          if (event.offline) down.add(event.camera)
          else down.delete(event.camera)
        }
      }
      expect(down.size).toBe(0)
      const urgent = events.filter((event) => event.kind === 'report' && event.severity === 'urgent')
      expect(urgent).toHaveLength(WORKING_DAY.reports / WORKING_DAY.urgentEvery)
    },
  )
})
