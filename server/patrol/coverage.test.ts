import { describe, expect, it } from 'vitest'
import { coverageReport, patrolledCameras, unionMs, type ViewingInterval } from './coverage.ts'
import { coverageCsv, csvLanguage, localDateTime } from './coverage-csv.ts'

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
    minDwellMs: 10_000,
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
})

describe('patrolledCameras: a camera counts once it stayed on a screen for the minimum dwell', () => {
  const S = 1000
  const look = (cameraId: string, startS: number, endS: number | null, username = 'wang'): ViewingInterval => ({
    username,
    cameraId,
    startMs: now + startS * S,
    endMs: endS === null ? null : now + endS * S,
  })
  const from = now - 3600 * S
  const to = now + 3600 * S
  it.each<[string, ViewingInterval[], number, string[]]>([
    ['a 5 s tour flash is not a patrol', [look('a', 0, 5)], 10 * S, []],
    ['10 s without a break is', [look('a', 0, 10)], 10 * S, ['a']],
    [
      'three 5 s flashes minutes apart are still not',
      [look('a', 0, 5), look('a', 60, 65), look('a', 120, 125)],
      10 * S,
      [],
    ],
    ['a player reload (sub to main on maximise) is the same look', [look('a', 0, 6), look('a', 7, 13)], 10 * S, ['a']],
    [
      'two screens overlapping make one unbroken look',
      [look('a', 0, 6, 'wang'), look('a', 4, 11, 'li')],
      10 * S,
      ['a'],
    ],
    ['a camera still on screen counts up to the end of the window', [look('a', 3590, null)], 10 * S, ['a']],
    ['only the part inside the window counts', [look('a', -3605, -3595)], 10 * S, []],
    ['with no minimum, any look counts', [look('a', 0, 0), look('b', 0, 1)], 0, ['a', 'b']],
  ])('%s', (_, sessions, minDwellMs, expected) => {
    expect([...patrolledCameras(sessions, from, to, minDwellMs)].sort()).toEqual(expected)
  })

  it('the report says which minimum it applied and leaves a flashed camera unpatrolled', () => {
    const report = coverageReport({
      sessions: [look('a', -100, -95), look('b', -100, -80)],
      cameras: [
        { id: 'a', categories: ['school'], community: 'c1' },
        { id: 'b', categories: ['school'], community: 'c1' },
      ],
      categoryOrder: ['school'],
      communityOrder: ['c1'],
      hours: 1,
      now,
      minDwellMs: 10 * S,
    })
    expect(report.minDwellSeconds).toBe(10)
    expect(report.byCategory).toEqual([{ id: 'school', cameras: 2, patrolled: 1, unpatrolled: ['a'] }])
    // Time on screen still counts toward the operator's patrol time and cameras viewed.
    expect(report.operators).toEqual([{ username: 'wang', patrolSeconds: 20, cameras: 2 }])
  })
})

describe('coverage CSV', () => {
  const report = coverageReport({
    sessions: [{ username: 'wang', cameraId: 'a', startMs: now - H, endMs: now - H + 60_000 }],
    cameras: [
      { id: 'a', categories: ['school'], community: 'c1' },
      { id: 'c', categories: ['school'], community: 'c2' },
    ],
    categoryOrder: ['school'],
    communityOrder: ['c1', 'c2'],
    hours: 8,
    now,
    minDwellMs: 10_000,
  })
  const names = {
    category: (id: string) => (id === 'school' ? '学校周边' : id),
    community: (id: string) => (id === 'c2' ? '=HYPERLINK("x")' : id),
  }

  it('has Chinese headers and the window in the site time zone for a Chinese reader', () => {
    const csv = coverageCsv(report, { language: 'zh-CN', timeZone: 'Asia/Shanghai', names })
    expect(csv.startsWith('\uFEFF分组,编号,名称,摄像头数,已巡查,未巡查的摄像头\r\n')).toBe(true)
    expect(csv).toContain('摄像头类别,school,学校周边,2,1,c\r\n')
    expect(csv).toContain('巡查员,巡查时长（秒）,看过的摄像头数\r\nwang,60,1\r\n')
    // 08:00 UTC is 16:00 in Shanghai; the window starts 8 hours earlier.
    expect(csv).toContain(',2026-11-27 08:00:00,2026-11-27 16:00:00,Asia/Shanghai,10\r\n')
  })

  it('has English headers for an English reader, and opens safely in a spreadsheet', () => {
    const csv = coverageCsv(report, { language: 'en', timeZone: 'Europe/London', names })
    expect(csv.startsWith('\uFEFFsection,id,name,cameras,patrolled,unpatrolled cameras\r\n')).toBe(true)
    expect(csv).toContain(`community,c2,"'=HYPERLINK(""x"")",1,0,c\r\n`)
    expect(csv).toContain(',2026-11-27 00:00:00,2026-11-27 08:00:00,Europe/London,10\r\n')
  })

  it.each<[string, string | undefined, string | undefined, 'zh-CN' | 'en']>([
    ['the web names its UI language', 'en', 'zh-CN,zh;q=0.9', 'en'],
    ['the browser prefers English', undefined, 'en-GB,en;q=0.9', 'en'],
    ['the browser prefers Chinese', undefined, 'zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['nothing said: the room speaks Chinese', undefined, undefined, 'zh-CN'],
  ])('language: %s', (_, lang, acceptLanguage, expected) => {
    expect(csvLanguage(lang, acceptLanguage)).toBe(expected)
  })

  it('writes local wall-clock times', () => {
    expect(localDateTime('2026-12-31T16:30:05Z', 'Asia/Shanghai')).toBe('2027-01-01 00:30:05')
  })
})
