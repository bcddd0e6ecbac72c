import { describe, expect, it } from 'vitest'
import type { WallPreset, WallState } from '../contracts/wall.ts'
import { firstStreams } from './wall-warmup.ts'

const preset: WallPreset = {
  id: 'overview',
  name: '综合态势',
  grid: { rows: 2, cols: 3 },
  zones: [
    { id: 'spots', row: 0, col: 0, content: { kind: 'tiles', cameras: ['cam-1', 'cam-2', 'cam-3'], split: 1 } },
    { id: 'roads', row: 0, col: 1, content: { kind: 'tiles', cameras: ['cam-4', 'cam-1'] } },
    { id: 'schools', row: 0, col: 2, content: { kind: 'tiles', tour: { categories: ['school'], dwellSeconds: 20 } } },
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
  centreName: '中心',
  centreNameEn: null,
  map: null,
}

describe('the streams a kiosk page request starts', () => {
  it("each fixed list's first page as sub streams, each camera once; no tours, no overridden zone", () => {
    expect(firstStreams(state)).toEqual([
      { cameraId: 'cam-1', quality: 'sub' },
      { cameraId: 'cam-4', quality: 'sub' },
    ])
  })

  it('none for a preset without fixed tiles', () => {
    const mapOnly: WallPreset = { ...preset, zones: [preset.zones[5]!] }
    expect(firstStreams({ ...state, preset: mapOnly })).toEqual([])
  })
})
