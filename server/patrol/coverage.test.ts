import { describe, expect, it } from 'vitest'
import { coverageCsv, coverageReport, unionMs, type ViewingInterval } from './coverage.ts'

const H = 3600_000
const now = Date.parse('2026-11-27T08:00:00Z')

describe('unionMs', () => {
  it.each<[string, [number, number][], number]>([
    [
      'overlapping tiles count once',
      [
        [0, 10],
        [5, 15],
        [20, 30],
      ],
      25,
    ],
    [
      'one interval inside another adds nothing',
      [
        [0, 30],
        [10, 20],
      ],
      30,
    ],
    [
      'what lies outside the window is cut off',
      [
        [-10, 5],
        [95, 120],
      ],
      10,
    ],
    ['nothing is nothing', [], 0],
  ])('%s', (_, intervals, expected) => {
    expect(unionMs(intervals, 0, 100)).toBe(expected)
  })
})

describe('coverageReport', () => {
  const cameras = [
    { id: 'a', categories: ['school'], community: 'c1' },
    { id: 'b', categories: ['school', 'intersection'], community: 'c1' },
    { id: 'c', categories: ['intersection'], community: 'c2' },
  ]
  const sessions: ViewingInterval[] = [
    { username: 'wang', cameraId: 'a', startMs: now - 2 * H, endMs: now - H },
    { username: 'wang', cameraId: 'b', startMs: now - 1.5 * H, endMs: now - 0.5 * H },
    // Still on screen: counts up to now.
    { username: 'li', cameraId: 'b', startMs: now - 0.25 * H, endMs: null },
    // Before the window: camera c stays unpatrolled.
    { username: 'li', cameraId: 'c', startMs: now - 10 * H, endMs: now - 9 * H },
  ]
  const report = coverageReport({
    sessions,
    cameras,
    categoryOrder: ['intersection', 'school', 'market'],
    communityOrder: ['c1', 'c2'],
    hours: 8,
    now,
  })

  it('counts patrolled and unpatrolled cameras per category, in configuration order, including empty ones', () => {
    expect(report.byCategory).toEqual([
      { id: 'intersection', cameras: 2, patrolled: 1, unpatrolled: ['c'] },
      { id: 'school', cameras: 2, patrolled: 2, unpatrolled: [] },
      { id: 'market', cameras: 0, patrolled: 0, unpatrolled: [] },
    ])
    expect(report.byCommunity).toEqual([
      { id: 'c1', cameras: 2, patrolled: 2, unpatrolled: [] },
      { id: 'c2', cameras: 1, patrolled: 0, unpatrolled: ['c'] },
    ])
  })

  it('gives each operator the time with at least one camera on screen', () => {
    expect(report.operators).toEqual([
      { username: 'wang', patrolSeconds: 2 * 3600 - 1800, cameras: 2 },
      { username: 'li', patrolSeconds: 900, cameras: 1 },
    ])
  })

  it('exports CSV that a spreadsheet opens safely', () => {
    const csv = coverageCsv(report, {
      category: (id) => (id === 'school' ? '学校周边' : id),
      community: (id) => (id === 'c2' ? '=HYPERLINK("x")' : id),
    })
    expect(csv.startsWith('\uFEFFsection,id,name,cameras,patrolled,unpatrolled cameras\r\n')).toBe(true)
    expect(csv).toContain('category,school,学校周边,2,2,\r\n')
    expect(csv).toContain(`community,c2,"'=HYPERLINK(""x"")",1,0,c\r\n`)
    expect(csv).toContain('wang,5400,2\r\n')
  })
})
