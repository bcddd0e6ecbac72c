import { describe, expect, it } from 'vitest'
import type { WallPreset, WallState } from '../contracts/wall.ts'
import { firstStreams, PLAYERS_START_WITHIN_MS } from './wall-warmup.ts'

const preset: WallPreset = {
  id: 'overview',
  name: '综合态势',
  grid: { rows: 2, cols: 3 },
  zones: [
    { id: 'spots', row: 0, col: 0, content: { kind: 'tiles', cameras: ['cam-1', 'cam-2', 'cam-3'], split: 1 } },
    { id: 'roads', row: 0, col: 1, content: { kind: 'tiles', cameras: ['cam-4', 'cam-1'] } },
    {
      id: 'schools',
      row: 0,
      col: 2,
      content: { kind: 'tiles', tour: { categories: ['school'], dwellSeconds: 20 }, split: 1 },
    },
    { id: 'alarm', row: 1, col: 0, content: { kind: 'alarm' } },
    { id: 'pushed', row: 1, col: 1, content: { kind: 'tiles', cameras: ['cam-9'] } },
    { id: 'map', row: 1, col: 2, content: { kind: 'map' } },
  ],
}

const state: WallState = {
  monitor: { id: 'main', name: '主屏', defaultPreset: 'overview', alarmZone: 'alarm' },
  preset,
  presetSwitch: null,
  overrides: [
    {
      zone: 'pushed',
      content: { kind: 'camera', camera: 'cam-7' },
      source: 'push',
      by: 'op1',
      until: '2026-12-03T02:00:00.000Z',
    },
  ],
  tours: [{ zone: 'schools', cameras: ['cam-5', 'cam-6'], dwellSeconds: 20 }],
  centreName: '中心',
  centreNameEn: null,
  map: null,
}

const ids = (nowMs: number): string[] => firstStreams(state, nowMs).map((s) => s.cameraId)

describe('the streams a kiosk page request starts', () => {
  it("each fixed list's first page and the tour's page of the moment, each camera once; no overridden zone", () => {
    expect(firstStreams(state, 0)).toEqual(
      ['cam-1', 'cam-4', 'cam-5'].map((cameraId) => ({ cameraId, quality: 'sub' })),
    )
  })

  it("a tour's page follows the clock, as the wall's does", () => {
    expect(ids(0)).toEqual(['cam-1', 'cam-4', 'cam-5'])
    expect(ids(20_000)).toEqual(['cam-1', 'cam-4', 'cam-6'])
    expect(ids(40_000)).toEqual(['cam-1', 'cam-4', 'cam-5'])
  })

  it('the next page of a tour too when it turns before the players start', () => {
    expect(ids(20_000 - PLAYERS_START_WITHIN_MS)).toEqual(['cam-1', 'cam-4', 'cam-5', 'cam-6'])
    expect(ids(20_000 - PLAYERS_START_WITHIN_MS - 1)).toEqual(['cam-1', 'cam-4', 'cam-5'])
  })

  it('none for a preset without tiles', () => {
    const mapOnly: WallPreset = { ...preset, zones: [preset.zones[5]!] }
    expect(firstStreams({ ...state, preset: mapOnly, tours: [] }, 0)).toEqual([])
  })
})
