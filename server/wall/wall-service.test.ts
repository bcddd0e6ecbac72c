import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SessionUser } from '../contracts/api.ts'
import type { Incident } from '../contracts/incidents.ts'
import type { WallState } from '../contracts/wall.ts'
import { loadCameraConfig } from '../config/load-camera-config.ts'
import { openDatabase } from '../db/open-database.ts'
import { FakeTimers } from '../process/testing-fakes.ts'
import { SHIPPED_CONFIG_DIR } from '../testing/test-app.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { WallRepository } from './wall-repository.ts'
import { WallService } from './wall-service.ts'

const config = loadCameraConfig(SHIPPED_CONFIG_DIR, {})
const wall = config.wall!
const operator: SessionUser = { id: 1, username: 'op1', role: 'operator', department: null }
/** Thursday 2026-12-03, local Shanghai time, as a UTC instant. */
const local = (clock: string): number => Date.parse(`2026-12-03T${clock}:00+08:00`)

/** The incident the rule tests escalate (stored, since an override references its row). */
const ESCALATED = { id: 7, code: 'SE-20261203-0007', cameraId: 'cam-0002', category: 'vehicle-scrape' } as Incident
const escalation = {
  on: 'incident-escalated',
  incident: ESCALATED.id,
  camera: 'cam-0002',
  category: 'vehicle-scrape',
} as const

let data: ReturnType<typeof makeTempDir>
let db: Database.Database
let timers: FakeTimers
let published: WallState[]

function service(): WallService {
  const s = new WallService({
    wall,
    repo: new WallRepository(db),
    timeZone: 'Asia/Shanghai',
    timers,
    cameras: config.cameras,
    incident: (id) => (id === ESCALATED.id ? ESCALATED : undefined),
    publish: (state) => published.push(state),
  })
  s.start()
  return s
}

beforeEach(() => {
  data = makeTempDir('wall-service')
  db = openDatabase(data.path)
  db.prepare(
    `INSERT INTO incidents (id, code, category, severity, stage, acknowledge_minutes, handle_minutes,
    reported_by, reported_at, updated_at) VALUES (7, 'SE-20261203-0007', 'vehicle-scrape', 'normal', 'reported', 10, 60,
    'op1', '2026-12-02T22:00:00Z', '2026-12-02T22:00:00Z')`,
  ).run()
  timers = new FakeTimers()
  timers.advance(local('06:00'))
  published = []
})
afterEach(() => {
  db.close()
  data.remove()
})

const summary = (s: WallState): [string, string, string[]] => [
  s.monitor.id,
  s.preset.id,
  s.overrides.map((o) => `${o.zone}:${o.content.kind === 'camera' ? o.content.camera : o.content.kind}:${o.by}`),
]

describe('the wall service', () => {
  it('a push goes to the alarm zone for 300 s by default, then expires by itself', () => {
    const wallService = service()
    const state = wallService.push({ monitor: 'main', camera: 'cam-0002' }, operator)
    expect(summary(state)).toEqual(['main', 'overview', ['alarm:cam-0002:op1']])
    expect(state.overrides[0]!.until).toBe(new Date(local('06:05')).toISOString())
    timers.advance(299_000)
    expect(published.map(summary)).toEqual([['main', 'overview', ['alarm:cam-0002:op1']]])
    timers.advance(1_000)
    expect(published.map(summary).at(-1)).toEqual(['main', 'overview', []])
  })

  it('a newer push to the same zone replaces the older one; a clear empties the monitor', () => {
    const wallService = service()
    wallService.push({ monitor: 'main', camera: 'cam-0002' }, operator)
    wallService.push({ monitor: 'main', zone: 'alarm', layout: ['cam-0009', 'cam-0015'], seconds: 60 }, operator)
    const both = wallService.push({ monitor: 'main', zone: 'map', camera: 'cam-0017' }, operator)
    expect(summary(both)[2]).toEqual(['alarm:layout:op1', 'map:cam-0017:op1'])
    expect(summary(wallService.clear('main', 'map', operator))[2]).toEqual(['alarm:layout:op1'])
    expect(summary(wallService.clear('main', undefined, operator))[2]).toEqual([])
    const audit = new WallRepository(db)
      .recentAudit()
      .map((a) => `${a.action} ${a.monitor} ${a.zone ?? '*'} ${a.what ?? ''}`)
    expect(audit).toEqual([
      'clear main * ',
      'clear main map ',
      'push main map {"camera":"cam-0017"}',
      'push main alarm {"layout":["cam-0009","cam-0015"]}',
      'push main alarm {"camera":"cam-0002"}',
    ])
  })

  it('the side screen switches to the school gates at 07:00 on a weekday, and back at 08:30', () => {
    service()
    expect(published).toEqual([])
    timers.advance(local('07:00') - timers.now())
    expect(published.map(summary)).toEqual([['side', 'school-gates', []]])
    timers.advance(local('08:30') - timers.now())
    expect(published.map(summary).at(-1)).toEqual(['side', 'side-patrol', []])
  })

  it('a trouble-spot camera going down fills both alarm zones for 2 minutes; others fire nothing', () => {
    const wallService = service()
    wallService.fire({ on: 'camera-down', camera: 'cam-0001', categories: ['intersection'] })
    expect(published).toEqual([])
    wallService.fire({ on: 'camera-down', camera: 'cam-0002', categories: ['trouble-spot'] })
    expect(published.map(summary)).toEqual([
      ['main', 'overview', ['alarm:cam-0002:camera-down']],
      ['side', 'side-patrol', ['alarm:cam-0002:camera-down']],
    ])
    timers.advance(120_000)
    expect(published.slice(2).map(summary)).toEqual([
      ['main', 'overview', []],
      ['side', 'side-patrol', []],
    ])
  })

  it('an escalation switches the side screen to the incident preset for 10 minutes, its picture in the alarm zone', () => {
    const wallService = service()
    wallService.fire(escalation)
    expect(published.map(summary)).toEqual([
      ['main', 'overview', ['alarm:incident:incident-escalated']],
      ['side', 'incident', []],
      ['side', 'incident', ['alarm:incident:incident-escalated']],
    ])
    expect(wallService.state('side').presetSwitch).toEqual({
      preset: 'incident',
      by: 'incident-escalated',
      until: new Date(local('06:10')).toISOString(),
    })
    expect(wallService.monitors().find((m) => m.id === 'side')?.preset.id).toBe('incident')
    timers.advance(600_000)
    expect(published.map(summary).at(-1)).toEqual(['side', 'side-patrol', []])
    expect(wallService.state('side').presetSwitch).toBeNull()
    const audit = new WallRepository(db).recentAudit().map((a) => `${a.action} ${a.monitor} ${a.zone ?? '*'} ${a.what}`)
    expect(audit).toContain('rule side * {"preset":"incident"}')
  })

  it('push > rule > schedule > default: a rule preset replaces the school run; a push sits on its zone', () => {
    const wallService = service()
    timers.advance(local('07:55') - timers.now())
    expect(wallService.state('side').preset.id).toBe('school-gates')
    wallService.fire(escalation)
    expect(wallService.state('side').preset.id).toBe('incident')
    // The map is a zone of the incident preset only: a push there is accepted while the switch holds.
    const pushed = wallService.push({ monitor: 'side', zone: 'map', camera: 'cam-0017', seconds: 60 }, operator)
    expect(summary(pushed)).toEqual(['side', 'incident', ['alarm:incident:incident-escalated', 'map:cam-0017:op1']])
    // The switch outlasts 08:30, when the schedule would have gone back to the side-patrol preset.
    timers.advance(local('08:04') - timers.now())
    expect(summary(wallService.state('side'))).toEqual(['side', 'incident', []])
    timers.advance(local('08:05') - timers.now())
    expect(summary(wallService.state('side'))).toEqual(['side', 'school-gates', []])
  })

  it('clearing a monitor ends its preset switch too; clearing one zone does not', () => {
    const wallService = service()
    wallService.fire(escalation)
    expect(wallService.clear('side', 'alarm', operator).preset.id).toBe('incident')
    expect(wallService.clear('side', undefined, operator).preset.id).toBe('side-patrol')
    expect(service().state('side').presetSwitch).toBeNull()
  })

  it('a preset switch survives a restart', () => {
    service().fire(escalation)
    expect(service().state('side').preset.id).toBe('incident')
  })

  it('pushes survive a restart: a new service on the same store shows them', () => {
    service().push({ monitor: 'side', camera: 'cam-0002', seconds: 600 }, operator)
    expect(summary(service().state('side'))[2]).toEqual(['alarm:cam-0002:op1'])
  })

  it.each([
    [{ monitor: 'lobby', camera: 'cam-0002' }, 'monitor: unknown monitor "lobby"'],
    [{ monitor: 'main' }, 'camera, layout, incident: give exactly one of them (given: none)'],
    [
      { monitor: 'main', camera: 'cam-0002', incident: 1 },
      'camera, layout, incident: give exactly one of them (given: camera, incident)',
    ],
    [
      { monitor: 'main', zone: 'lobby', camera: 'cam-0002' },
      'zone: unknown zone "lobby" in preset "overview", which "main" shows now',
    ],
    [{ monitor: 'main', camera: 'cam-9999' }, 'camera: unknown camera "cam-9999"'],
    [{ monitor: 'main', layout: ['cam-0002', 'cam-9999'] }, 'layout[1]: unknown camera "cam-9999"'],
    [{ monitor: 'main', incident: 4242 }, 'incident: unknown incident 4242'],
  ])('push %j is refused: %s', (body, message) => {
    expect(() => service().push(body, operator)).toThrow(message)
  })
})
