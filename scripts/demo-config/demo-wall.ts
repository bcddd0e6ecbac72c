/**
 * The demo wall: the centre's 110-inch 4K screen (`main`: the map in the middle, live tiles around it,
 * the incident ticker, statistics and camera health) and a side screen that follows the school run and
 * switches to the incident preset on an escalation.
 */
import type { CameraDefinition } from '../../server/contracts/camera-config.ts'
import type { WallConfig } from '../../server/contracts/wall.ts'

const WEEKDAYS = [1, 2, 3, 4, 5]

export function demoWall(cameras: CameraDefinition[]): WallConfig {
  const first = (category: string, count: number): string[] =>
    cameras
      .filter((c) => c.categories.includes(category))
      .map((c) => c.id)
      .slice(0, count)
  return {
    centreName: '赵陵铺路街道综合治理中心',
    centreNameEn: 'Zhaolingpu Road Street Office Integrated Governance Centre',
    map: { center: { lat: 38.0836, lng: 114.4528 }, zoom: 15 },
    monitors: [
      { id: 'main', name: '主屏', nameEn: 'Main screen', defaultPreset: 'overview', alarmZone: 'alarm' },
      {
        id: 'side',
        name: '副屏',
        nameEn: 'Side screen',
        defaultPreset: 'side-patrol',
        alarmZone: 'alarm',
        schedule: [
          { preset: 'school-gates', from: '07:00', to: '08:30', days: WEEKDAYS },
          { preset: 'school-gates', from: '16:30', to: '18:00', days: WEEKDAYS },
        ],
      },
    ],
    presets: [
      {
        // 4 columns x 3 rows: the map's 2x2 in the middle, 9 live tiles in three zones around it.
        id: 'overview',
        name: '综合态势',
        nameEn: 'Overview',
        grid: { rows: 3, cols: 4 },
        zones: [
          {
            id: 'trouble-spots',
            row: 0,
            col: 0,
            content: { kind: 'tiles', cameras: first('trouble-spot', 4), split: 4 },
          },
          { id: 'map', row: 0, col: 1, rows: 2, cols: 2, content: { kind: 'map' } },
          { id: 'alarm', row: 0, col: 3, content: { kind: 'alarm' } },
          {
            id: 'intersections',
            row: 1,
            col: 0,
            content: { kind: 'tiles', cameras: first('intersection', 4), split: 4 },
          },
          {
            id: 'schools',
            row: 1,
            col: 3,
            content: { kind: 'tiles', tour: { categories: ['school'], dwellSeconds: 20 }, split: 1 },
          },
          { id: 'stats', row: 2, col: 0, content: { kind: 'stats' } },
          { id: 'ticker', row: 2, col: 1, cols: 2, content: { kind: 'ticker' } },
          { id: 'health', row: 2, col: 3, content: { kind: 'health' } },
        ],
      },
      {
        id: 'side-patrol',
        name: '巡查轮播',
        nameEn: 'Patrol tour',
        grid: { rows: 3, cols: 3 },
        zones: [
          {
            id: 'tour',
            row: 0,
            col: 0,
            rows: 2,
            cols: 2,
            content: { kind: 'tiles', tour: { categories: ['trouble-spot', 'market'], dwellSeconds: 30 }, split: 4 },
          },
          { id: 'alarm', row: 0, col: 2, rows: 2, content: { kind: 'alarm' } },
          { id: 'ticker', row: 2, col: 0, cols: 2, content: { kind: 'ticker' } },
          { id: 'health', row: 2, col: 2, content: { kind: 'health' } },
        ],
      },
      {
        // Weekday school runs: a 3x3 tour of the school gates.
        id: 'school-gates',
        name: '校园周边',
        nameEn: 'School gates',
        grid: { rows: 4, cols: 4 },
        zones: [
          {
            id: 'schools',
            row: 0,
            col: 0,
            rows: 3,
            cols: 3,
            content: { kind: 'tiles', tour: { categories: ['school'], dwellSeconds: 20 }, split: 9 },
          },
          { id: 'alarm', row: 0, col: 3, rows: 3, content: { kind: 'alarm' } },
          { id: 'ticker', row: 3, col: 0, cols: 3, content: { kind: 'ticker' } },
          { id: 'health', row: 3, col: 3, content: { kind: 'health' } },
        ],
      },
      {
        // An escalation on the side screen: its picture large, the map and the ticker beside it.
        id: 'incident',
        name: '事件处置',
        nameEn: 'Incident',
        grid: { rows: 3, cols: 3 },
        zones: [
          { id: 'alarm', row: 0, col: 0, rows: 2, cols: 2, content: { kind: 'alarm' } },
          { id: 'map', row: 0, col: 2, rows: 2, content: { kind: 'map' } },
          { id: 'ticker', row: 2, col: 0, cols: 2, content: { kind: 'ticker' } },
          { id: 'health', row: 2, col: 2, content: { kind: 'health' } },
        ],
      },
    ],
    rules: [
      { on: 'incident-urgent', minutes: 5 },
      { on: 'incident-escalated', minutes: 5 },
      { on: 'camera-down', categories: ['trouble-spot'], minutes: 2 },
      { on: 'incident-escalated', monitors: ['side'], preset: 'incident', minutes: 10 },
    ],
  }
}
