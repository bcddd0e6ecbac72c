import { describe, expect, it } from 'vitest'
import type { CameraView } from '../../../server/contracts/api.ts'
import type { CoverageReport } from '../../../server/contracts/patrol.ts'
import { parseDeepLink } from '../console/layout-model.ts'
import {
  consoleLinkFor,
  coverageRows,
  fromZonedInput,
  logFacets,
  operatorsByTime,
  overallCoverage,
  toZonedInput,
} from './coverage-view.ts'

const camera = (id: string, name: string) => ({ id, name }) as CameraView

const report: CoverageReport = {
  from: '2026-11-27T00:00:00Z',
  to: '2026-11-27T08:00:00Z',
  hours: 8,
  minDwellSeconds: 10,
  byCategory: [
    { id: 'school', cameras: 4, patrolled: 4, unpatrolled: [] },
    { id: 'trouble-spot', cameras: 3, patrolled: 1, unpatrolled: ['cam-2', 'cam-3'] },
    { id: 'gone', cameras: 2, patrolled: 1, unpatrolled: ['cam-9'] },
  ],
  byCommunity: [
    { id: 'c1', cameras: 6, patrolled: 4, unpatrolled: [] },
    { id: 'c2', cameras: 3, patrolled: 0, unpatrolled: [] },
  ],
  operators: [
    { username: 'li', patrolSeconds: 60, cameras: 2 },
    { username: 'wang', patrolSeconds: 600, cameras: 5 },
  ],
}

describe('coverage view', () => {
  it('labels groups from the config, names unpatrolled cameras, and bands the share', () => {
    const rows = coverageRows(
      report.byCategory,
      [
        { id: 'school', name: '学校周边', nameEn: 'Schools' },
        { id: 'trouble-spot', name: '治安乱点' },
      ],
      [camera('cam-2', '东门'), camera('cam-3', '西门')],
      'en',
    )
    expect(rows.map((r) => [r.label, r.percent, r.band])).toEqual([
      ['Schools', 100, 'full'],
      ['治安乱点', 33, 'poor'],
      ['gone', 50, 'partial'],
    ])
    expect(rows[1]!.unpatrolled).toEqual([
      { id: 'cam-2', name: '东门' },
      { id: 'cam-3', name: '西门' },
    ])
    expect(rows[2]!.unpatrolled).toEqual([{ id: 'cam-9', name: 'cam-9' }])
  })

  it('overall coverage counts each camera once, through the communities', () => {
    expect(overallCoverage(report)).toEqual({ cameras: 9, patrolled: 4, percent: 44 })
  })

  it('operators are listed by patrol time, most first', () => {
    expect(operatorsByTime(report).map((o) => o.username)).toEqual(['wang', 'li'])
  })

  it('log facets are distinct and sorted', () => {
    const entry = (username: string, cameraId: string) => ({
      username,
      cameraId,
      quality: 'sub' as const,
      startedAt: '',
      endedAt: null,
    })
    expect(logFacets([entry('b', 'c2'), entry('a', 'c1'), entry('b', 'c1')])).toEqual({
      usernames: ['a', 'b'],
      cameraIds: ['c1', 'c2'],
    })
  })

  it.each<[string, string, string, string]>([
    ['Shanghai, whatever zone the browser has', '2026-11-27T06:05:00.000Z', 'Asia/Shanghai', '2026-11-27T14:05'],
    ['a date line crossed', '2026-12-31T16:30:00.000Z', 'Asia/Shanghai', '2027-01-01T00:30'],
    ['London in summer time', '2026-07-01T09:00:00.000Z', 'Europe/London', '2026-07-01T10:00'],
    ['London in winter', '2026-01-15T09:00:00.000Z', 'Europe/London', '2026-01-15T09:00'],
  ])('datetime-local values are in the site zone and round-trip to UTC: %s', (_, iso, zone, shown) => {
    expect(toZonedInput(iso, zone)).toBe(shown)
    expect(fromZonedInput(shown, zone)).toBe(iso)
  })

  it('an empty or broken datetime-local value is no bound', () => {
    expect(fromZonedInput('', 'Asia/Shanghai')).toBeNull()
    expect(fromZonedInput('yesterday', 'Asia/Shanghai')).toBeNull()
  })

  it('an unpatrolled camera opens alone in the console, through its deep link', () => {
    const link = consoleLinkFor('cam 1/a')
    expect(link.startsWith('/console?')).toBe(true)
    expect(parseDeepLink(link.slice(link.indexOf('?')))).toEqual({
      layout: { kind: '1', cameras: ['cam 1/a'] },
      tourId: null,
    })
  })
})
