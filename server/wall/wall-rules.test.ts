import { describe, expect, it } from 'vitest'
import type { Incident, IncidentEvent } from '../contracts/incidents.ts'
import type { WallConfig } from '../contracts/wall.ts'
import { cameraTrigger, incidentTrigger, ruleFirings, type WallTrigger } from './wall-rules.ts'

const wall: WallConfig = {
  centreName: '中心',
  monitors: [
    { id: 'main', name: '主屏', defaultPreset: 'p', alarmZone: 'alarm' },
    { id: 'side', name: '副屏', defaultPreset: 'p', alarmZone: 'alert' },
    { id: 'lobby', name: '大厅', defaultPreset: 'p' },
  ],
  presets: [],
  rules: [
    { on: 'incident-urgent', minutes: 5 },
    { on: 'incident-escalated', monitors: ['main'], minutes: 5 },
    { on: 'incident-escalated', monitors: ['main', 'side'], minutes: 15, categories: ['fire-smoke'] },
    { on: 'camera-down', categories: ['trouble-spot'], minutes: 2 },
  ],
}

const urgent: WallTrigger = { on: 'incident-urgent', incident: 7, camera: 'cam-0002', category: 'vehicle-scrape' }
const escalated = (category: string): WallTrigger => ({
  on: 'incident-escalated',
  incident: 7,
  camera: 'cam-0002',
  category,
})
const down = (categories: string[]): WallTrigger => ({ on: 'camera-down', camera: 'cam-0002', categories })

describe('rule firings', () => {
  it.each([
    [
      'an urgent incident reaches every monitor with an alarm zone',
      urgent,
      [
        ['main', 'alarm', 5],
        ['side', 'alert', 5],
      ],
    ],
    ['an escalation reaches the monitors its rules name', escalated('vehicle-scrape'), [['main', 'alarm', 5]]],
    [
      'of several matching rules, the longest wins per monitor',
      escalated('fire-smoke'),
      [
        ['main', 'alarm', 15],
        ['side', 'alert', 15],
      ],
    ],
    [
      'a trouble-spot camera going down fires for 2 minutes',
      down(['school', 'trouble-spot']),
      [
        ['main', 'alarm', 2],
        ['side', 'alert', 2],
      ],
    ],
    ['a camera of another category fires nothing', down(['school']), []],
  ] as const)('%s', (_, trigger, expected) => {
    expect(ruleFirings(wall, trigger).map((f) => [f.monitor, 'zone' in f ? f.zone : f.preset, f.minutes])).toEqual(
      expected,
    )
  })
})

describe('rules that switch presets', () => {
  const switching: WallConfig = {
    ...wall,
    rules: [
      { on: 'incident-escalated', minutes: 5 },
      { on: 'incident-escalated', monitors: ['side'], preset: 'incident', minutes: 10 },
      { on: 'incident-escalated', monitors: ['side'], preset: 'fire', minutes: 20, categories: ['fire-smoke'] },
      { on: 'incident-escalated', monitors: ['lobby'], preset: 'incident', minutes: 10 },
    ],
  }
  const firings = (trigger: WallTrigger): unknown[] => ruleFirings(switching, trigger)

  it('a preset rule switches its monitor, before the other rules fill the alarm zones', () => {
    expect(firings(escalated('vehicle-scrape'))).toEqual([
      { monitor: 'main', zone: 'alarm', minutes: 5, on: 'incident-escalated' },
      { monitor: 'side', preset: 'incident', minutes: 10, on: 'incident-escalated' },
      { monitor: 'side', zone: 'alert', minutes: 5, on: 'incident-escalated' },
      { monitor: 'lobby', preset: 'incident', minutes: 10, on: 'incident-escalated' },
    ])
  })

  it('of several matching preset rules, the longest names the preset', () => {
    expect(firings(escalated('fire-smoke'))).toContainEqual({
      monitor: 'side',
      preset: 'fire',
      minutes: 20,
      on: 'incident-escalated',
    })
  })

  it('a preset rule switches a monitor without an alarm zone too', () => {
    expect(firings(escalated('vehicle-scrape')).filter((f) => (f as { monitor: string }).monitor === 'lobby')).toEqual([
      { monitor: 'lobby', preset: 'incident', minutes: 10, on: 'incident-escalated' },
    ])
  })

  it('an event the preset rules do not name switches nothing', () => {
    expect(firings(urgent)).toEqual([])
  })
})

const incident = { id: 7, cameraId: 'cam-0002', category: 'fire-smoke', severity: 'urgent' } as Incident
const event = (kind: IncidentEvent['kind'], changes: Partial<Incident> = {}): IncidentEvent => ({
  seq: 1,
  kind,
  incident: { ...incident, ...changes },
  entry: null,
})

describe('triggers from live events', () => {
  it.each([
    ['a new urgent incident', event('created'), 'incident-urgent'],
    ['a new incident of normal severity', event('created', { severity: 'normal' }), null],
    ['an escalation', event('escalated', { severity: 'normal' }), 'incident-escalated'],
    ['a transition of an urgent incident', event('transition'), null],
    ['an urgent incident without a camera (from the grid app)', event('created', { cameraId: null }), null],
  ] as const)('%s', (_, e, on) => {
    expect(incidentTrigger(e)?.on ?? null).toBe(on)
  })

  it.each([
    ['offline', 'camera-down'],
    ['unreachable', 'camera-down'],
    ['auth-failed', 'camera-down'],
    ['online', null],
    ['unknown', null],
  ] as const)('a camera becoming %s: %s', (status, on) => {
    const trigger = cameraTrigger(
      { cameraId: 'cam-0002', status, since: '2026-12-03T00:00:00Z', detail: null, reasonCode: null },
      ['x'],
    )
    expect(trigger?.on ?? null).toBe(on)
  })
})
