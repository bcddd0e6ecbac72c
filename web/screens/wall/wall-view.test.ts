import { describe, expect, it } from 'vitest'
import type { CameraView } from '../../../server/contracts/api.ts'
import type { WallOverride, WallState } from '../../../server/contracts/wall.ts'
import { incident } from '../../lib/incidents/fixtures.ts'
import {
  burnInShift,
  camerasDown,
  columnsFor,
  formatAge,
  healthCounts,
  incidentMarkerStyle,
  overrideFor,
  SHIFT_STEP_MS,
  upcomingCameras,
  tickerItems,
  TICKER_ROWS,
  zoneArea,
} from './wall-view.ts'

function camera(id: string, over: Partial<CameraView> = {}): CameraView {
  return {
    id,
    name: id,
    categories: ['road'],
    community: 'north',
    grid: 'north-1',
    location: { lat: 38, lng: 114 },
    ptz: false,
    sourceType: 'rtsp',
    status: 'online',
    statusSince: null,
    recordingProblem: null,
    ...over,
  }
}

const NOW = Date.parse('2026-12-03T08:00:00Z')

describe('zoneArea', () => {
  it.each([
    {
      name: 'a single cell at the origin',
      zone: { row: 0, col: 0 },
      expected: 'grid-row: 1 / span 1; grid-column: 1 / span 1',
    },
    {
      name: 'a spanning zone in the middle',
      zone: { row: 1, col: 2, rows: 2, cols: 3 },
      expected: 'grid-row: 2 / span 2; grid-column: 3 / span 3',
    },
  ])('$name', ({ zone, expected }) => expect(zoneArea(zone)).toBe(expected))
})

describe('overrideFor', () => {
  const override = (zone: string, until: string, by = 'op'): WallOverride => ({
    zone,
    content: { kind: 'camera', camera: 'cam-1' },
    source: 'push',
    by,
    until,
  })
  const state = (overrides: WallOverride[]): WallState => ({ overrides }) as unknown as WallState

  it('finds the zone override in force', () => {
    expect(overrideFor(state([override('alarm', '2026-12-03T08:05:00Z')]), 'alarm', NOW)?.by).toBe('op')
  })
  it('ignores one that has expired though the server has not said so yet', () => {
    expect(overrideFor(state([override('alarm', '2026-12-03T07:59:59Z')]), 'alarm', NOW)).toBeNull()
  })
  it("ignores another zone's override", () => {
    expect(overrideFor(state([override('side', '2026-12-03T09:00:00Z')]), 'alarm', NOW)).toBeNull()
  })
  it('of two on a zone, shows the one that lasts longest', () => {
    const two = [override('alarm', '2026-12-03T08:05:00Z', 'a'), override('alarm', '2026-12-03T08:30:00Z', 'b')]
    expect(overrideFor(state(two), 'alarm', NOW)?.by).toBe('b')
  })
})

describe('tile zones', () => {
  const tours = [{ zone: 'tour', cameras: ['a', 'b', 'c'], dwellSeconds: 10 }]
  const tour = { id: 'tour', content: { kind: 'tiles' as const, split: 1 as const, tour: { dwellSeconds: 10 } } }

  it('names the next page of a tour in the last seconds before its switch, and only then', () => {
    expect(upcomingCameras(tour, tours, 5_000)).toEqual([])
    expect(upcomingCameras(tour, tours, 6_500)).toEqual(['b'])
    expect(upcomingCameras(tour, tours, 29_000)).toEqual(['a'])
    const fixed = { id: 'fixed', content: { kind: 'tiles' as const, cameras: ['a', 'b', 'c', 'd', 'e'] } }
    expect(upcomingCameras(fixed, tours, 9_000)).toEqual([])
  })

  it.each([
    [1, 1],
    [4, 2],
    [5, 3],
    [16, 4],
  ])('%i tiles take %i columns', (count, columns) => expect(columnsFor(count)).toBe(columns))
})

describe('health', () => {
  const fleet = [
    camera('a'),
    camera('b', { status: 'offline', statusSince: '2026-12-03T07:00:00Z' }),
    camera('c', { status: 'auth-failed', statusSince: '2026-12-03T06:00:00Z' }),
    camera('d', { status: 'unreachable', statusSince: '2026-12-03T07:30:00Z' }),
    camera('e', { status: 'unknown' }),
  ]
  it('counts each status', () => {
    expect(healthCounts(fleet)).toEqual({ online: 1, offline: 1, 'auth-failed': 1, unreachable: 1, unknown: 1 })
  })
  it('lists the cameras down, longest down first, not the unknown ones', () => {
    expect(camerasDown(fleet).map((c) => c.id)).toEqual(['c', 'b', 'd'])
  })
})

describe('tickerItems', () => {
  it('puts the newest first and flags the overdue', () => {
    const items = tickerItems(
      [
        incident({ id: 1, reportedAt: '2026-12-03T07:00:00Z' }),
        incident({
          id: 2,
          reportedAt: '2026-12-03T07:50:00Z',
          stage: 'dispatched',
          acknowledgeDueAt: '2026-12-03T07:55:00Z',
        }),
      ],
      NOW,
    )
    expect(items.map((i) => [i.incident.id, i.overdue, i.ageSeconds])).toEqual([
      [2, true, 600],
      [1, false, 3600],
    ])
  })

  it('renders the newest TICKER_ROWS of a backlog, not every open incident', () => {
    const backlog = Array.from({ length: TICKER_ROWS + 25 }, (_, i) =>
      incident({ id: i + 1, reportedAt: new Date(NOW - (i + 1) * 60_000).toISOString() }),
    )
    const items = tickerItems(backlog, NOW)
    expect(items).toHaveLength(TICKER_ROWS)
    expect(items[0]!.incident.id).toBe(1)
    expect(items.at(-1)!.incident.id).toBe(TICKER_ROWS)
    expect(tickerItems(backlog, NOW, 3).map((item) => item.incident.id)).toEqual([1, 2, 3])
  })
})

describe('incidentMarkerStyle', () => {
  it.each([
    { name: 'urgent pulses red', fields: { severity: 'urgent' }, expected: { colour: '#ff3b30', pulse: true } },
    { name: 'escalated is red', fields: { escalated: true }, expected: { colour: '#ff6b6b', pulse: false } },
    { name: 'high is orange', fields: { severity: 'high' }, expected: { colour: '#ff9f0a', pulse: false } },
    {
      name: 'waiting for the centre is blue',
      fields: { stage: 'reported' },
      expected: { colour: '#4c9aff', pulse: false },
    },
    { name: 'being handled is cyan', fields: { stage: 'in-progress' }, expected: { colour: '#39c5cf', pulse: false } },
  ] as const)('$name', ({ fields, expected }) => expect(incidentMarkerStyle(incident(fields), NOW)).toEqual(expected))
})

describe('burnInShift', () => {
  it('stays put within a step and moves a few pixels at the next', () => {
    const first = burnInShift(0)
    expect(burnInShift(SHIFT_STEP_MS - 1)).toEqual(first)
    const next = burnInShift(SHIFT_STEP_MS)
    expect(next).not.toEqual(first)
    expect(Math.abs(next.x - first.x) + Math.abs(next.y - first.y)).toBeLessThanOrEqual(4)
  })
  it('never moves more than a few pixels from home', () => {
    for (let step = 0; step < 20; step += 1) {
      const { x, y } = burnInShift(step * SHIFT_STEP_MS)
      expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(4)
    }
  })
})

describe('formatAge', () => {
  it.each([
    { seconds: 5, zh: '1 分钟', en: '1 min' },
    { seconds: 600, zh: '10 分钟', en: '10 min' },
    { seconds: 3_900, zh: '1 小时 5 分', en: '1 h 5 min' },
    { seconds: 200_000, zh: '2 天', en: '2 d' },
  ])('$seconds s reads $zh / $en', ({ seconds, zh, en }) => {
    expect([formatAge(seconds, 'zh-CN'), formatAge(seconds, 'en')]).toEqual([zh, en])
  })
})
