import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect, type Socket } from 'socket.io-client'
import type { CameraView } from '../contracts/api.ts'
import type { Incident } from '../contracts/incidents.ts'
import type { ServerToClientEvents } from '../contracts/realtime-events.ts'
import type { WallMonitorList, WallState } from '../contracts/wall.ts'
import { EscalationWatcher } from '../incidents/escalation.ts'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { waitFor } from '../testing/wait-for.ts'

// The server's clock, moved by hand so an SLA deadline passes without waiting.
let clock = Date.now()
const data = makeTempDir('wall-routes')
let t: TestApp
const cookies: Record<string, string> = {}
const sockets: Socket[] = []

beforeAll(async () => {
  t = await buildTestApp({}, undefined, { now: () => clock }, data.path)
  const users = [
    ['op1', 'operator'],
    ['wall1', 'wall'],
    ['pol1', 'department', 'police'],
  ] as const
  for (const [username, role, department] of users)
    await t.app.accounts.add({ username, role, department, password: `${username}-password` })
  for (const [username] of users) cookies[username] = await t.login(username, `${username}-password`)
  cookies['admin'] = await t.login('admin', TEST_ADMIN_PASSWORD)
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await t.close()
  data.remove()
})

const call = (who: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) })

/** The first value `read` gives, waited for on a loaded machine (a ceiling, not a speed limit). */
const until = <T>(read: () => T | undefined, what: string): Promise<NonNullable<T>> => waitFor(read, 30_000, what, 25)

/** A wall socket (as wall1) on the app, listening on loopback: every wall:state it hears, in order. */
async function listenAsWall(): Promise<WallState[]> {
  const url = await t.app.listen({ host: '127.0.0.1', port: 0 })
  const socket: Socket<ServerToClientEvents> = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie: cookies['wall1']! },
  })
  sockets.push(socket)
  const heard: WallState[] = []
  socket.on('wall:state', (s) => heard.push(s))
  await until(() => (socket.connected ? true : undefined), 'the wall socket to connect')
  return heard
}

/** An incident on `cameraId`, accepted and dispatched, then left past its SLA until the watcher escalates it. */
async function escalatedIncident(cameraId: string): Promise<Incident> {
  const created = await call('op1', 'POST', '/api/incidents', { cameraId, category: 'road-flooding' })
  const incident = created.json<Incident>()
  const act = (body: object) => call('op1', 'POST', `/api/incidents/${incident.id}/transitions`, body)
  expect((await act({ action: 'accept' })).statusCode).toBe(200)
  expect((await act({ action: 'dispatch', lead: 'urban-management' })).statusCode).toBe(200)
  clock += 11 * 60_000
  // The app's own watcher runs on an interval and may escalate first; run a check now rather than wait
  // for it, then ask that the incident is escalated, whichever check did it.
  new EscalationWatcher(t.app.db, t.app.incidents, () => clock).check()
  const escalated = (await call('op1', 'GET', `/api/incidents/${incident.id}`)).json<Incident>()
  expect(escalated.escalated).toBe(true)
  return escalated
}

describe('the wall API', () => {
  it('lists the monitors with the zones of their current preset, for the centre and the wall', async () => {
    for (const who of ['op1', 'wall1']) {
      const response = await call(who, 'GET', '/api/wall/monitors')
      expect(response.statusCode).toBe(200)
      const { monitors } = response.json<WallMonitorList>()
      expect(monitors.map((m) => m.id)).toEqual(['main', 'side'])
      expect(monitors[0]!.preset.id).toBe('overview')
      expect(monitors[0]!.zones.map((z) => z.id)).toContain('alarm')
    }
    expect((await call('pol1', 'GET', '/api/wall/monitors')).statusCode).toBe(403)
  })

  it("carries each tour zone's cameras in order, so the wall starts its tour tiles without the camera list", async () => {
    const state = (await call('wall1', 'GET', '/api/wall/state?monitor=main')).json<WallState>()
    const { cameras } = (await call('op1', 'GET', '/api/cameras')).json<{ cameras: CameraView[] }>()
    const schools = cameras.filter((c) => c.categories.includes('school')).map((c) => c.id)
    expect(schools.length).toBeGreaterThan(1)
    expect(state.tours).toEqual([{ zone: 'schools', cameras: schools, dwellSeconds: 20 }])
  })

  it('answers a monitor state, and 404 naming an unknown monitor', async () => {
    const state = (await call('wall1', 'GET', '/api/wall/state?monitor=main')).json<WallState>()
    expect(state.centreName).toBe('赵陵铺路街道综合治理中心')
    expect(state.preset.zones).toHaveLength(8)
    const unknown = await call('op1', 'GET', '/api/wall/state?monitor=lobby')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ message: 'unknown monitor "lobby"' })
  })

  it('an operator pushes a camera, the wall hears wall:state, and a clear empties the zone', async () => {
    const heard = await listenAsWall()

    const pushed = await call('op1', 'POST', '/api/wall/push', { monitor: 'main', camera: 'cam-0002' })
    expect(pushed.statusCode).toBe(200)
    expect(pushed.json<WallState>().overrides).toMatchObject([
      { zone: 'alarm', content: { kind: 'camera', camera: 'cam-0002' }, source: 'push', by: 'op1' },
    ])
    const live = await until(() => heard.find((s) => s.overrides.length === 1), 'wall:state after the push')
    expect(live.monitor.id).toBe('main')

    const cleared = await call('op1', 'DELETE', '/api/wall/push/main?zone=alarm')
    expect(cleared.json<WallState>().overrides).toEqual([])
    await until(() => (heard.at(-1)?.overrides.length === 0 ? true : undefined), 'wall:state after the clear')
  })

  it.each([
    [{ monitor: 'lobby', camera: 'cam-0002' }, 'monitor: unknown monitor "lobby"'],
    [
      { monitor: 'main', zone: 'lobby', camera: 'cam-0002' },
      'zone: unknown zone "lobby" in preset "overview", which "main" shows now',
    ],
    [{ monitor: 'main', camera: 'cam-9999' }, 'camera: unknown camera "cam-9999"'],
    [{ monitor: 'main', incident: 4242 }, 'incident: unknown incident 4242'],
    [{ monitor: 'main', camera: 'cam-0002', seconds: 5 }, 'body/seconds must be >= 10'],
  ])('a push of %j is a 400: %s', async (body, message) => {
    const response = await call('op1', 'POST', '/api/wall/push', body)
    expect(response.statusCode).toBe(400)
    expect(response.json<{ message: string }>().message).toContain(message)
  })

  it('the wall and departments may not push or clear', async () => {
    for (const who of ['wall1', 'pol1']) {
      expect((await call(who, 'POST', '/api/wall/push', { monitor: 'main', camera: 'cam-0002' })).statusCode).toBe(403)
      expect((await call(who, 'DELETE', '/api/wall/push/main')).statusCode).toBe(403)
    }
  })

  it('a pushed incident shows the incident; the push survives a restart of the server', async () => {
    // From the grid app: no camera, so no evidence capture keeps the server's close waiting.
    const incident = t.app.incidents.createExternal(
      { category: 'road-damage', note: '路面塌陷', location: null, address: '民族路', community: null, grid: null },
      'grid-app',
    )
    await call('op1', 'POST', '/api/wall/push', { monitor: 'main', zone: 'map', incident: incident.id, seconds: 3600 })
    for (const s of sockets.splice(0)) s.disconnect()
    await t.app.close()
    t = await buildTestApp({}, undefined, { now: () => clock }, data.path)
    const state = (
      await t.app.inject({
        url: '/api/wall/state?monitor=main',
        headers: { cookie: await t.login('admin', TEST_ADMIN_PASSWORD) },
      })
    ).json<WallState>()
    expect(state.overrides.find((o) => o.zone === 'map')).toMatchObject({
      content: { kind: 'incident', incident: { id: incident.id, category: 'road-damage' } },
      by: 'op1',
    })
  })

  it('an urgent incident goes to every alarm zone for 5 minutes, with the incident', async () => {
    const created = await call('op1', 'POST', '/api/incidents', {
      cameraId: 'cam-0004',
      category: 'fire-smoke',
      severity: 'urgent',
    })
    expect(created.statusCode).toBe(201)
    const incident = created.json<Incident>()
    const state = (await call('admin', 'GET', '/api/wall/state?monitor=side')).json<WallState>()
    expect(state.overrides).toMatchObject([
      {
        zone: 'alarm',
        source: 'rule',
        by: 'incident-urgent',
        content: { kind: 'incident', incident: { id: incident.id } },
      },
    ])
    expect(Date.parse(state.overrides[0]!.until) - clock).toBe(5 * 60_000)
  })

  it('an escalation goes to every alarm zone, with the incident', async () => {
    const incident = await escalatedIncident('cam-0007')
    const state = (await call('op1', 'GET', '/api/wall/state?monitor=main')).json<WallState>()
    expect(state.overrides.find((o) => o.zone === 'alarm')).toMatchObject({
      by: 'incident-escalated',
      content: { kind: 'incident', incident: { id: incident.id, escalated: true } },
    })
  })

  it('an escalation switches the side screen to the incident preset, heard as wall:state; a clear ends it', async () => {
    const heard = await listenAsWall()

    const incident = await escalatedIncident('cam-0011')

    const side = await until(
      () => heard.find((s) => s.monitor.id === 'side' && s.overrides.some((o) => o.by === 'incident-escalated')),
      'wall:state of the side screen after the escalation',
    )
    expect(side.preset.id).toBe('incident')
    expect(side.presetSwitch).toEqual({
      preset: 'incident',
      by: 'incident-escalated',
      until: new Date(clock + 10 * 60_000).toISOString(),
    })
    expect(side.overrides.find((o) => o.zone === 'alarm')).toMatchObject({
      content: { kind: 'incident', incident: { id: incident.id } },
    })
    const monitors = (await call('op1', 'GET', '/api/wall/monitors')).json<WallMonitorList>().monitors
    expect(monitors.find((m) => m.id === 'side')?.zones.map((z) => z.id)).toEqual(['alarm', 'map', 'ticker', 'health'])

    const cleared = (await call('op1', 'DELETE', '/api/wall/push/side')).json<WallState>()
    expect(cleared.preset.id).not.toBe('incident')
    expect(cleared.presetSwitch).toBeNull()
    await until(() => (heard.at(-1)?.presetSwitch === null ? true : undefined), 'wall:state after the clear')
  })

  it('a trouble-spot camera going down, as camera health publishes it, fills the alarm zones for 2 minutes', async () => {
    const down = (cameraId: string) =>
      t.app.realtime.publish('camera:status', {
        cameraId,
        status: 'unreachable',
        since: new Date(clock).toISOString(),
        detail: 'no answer within 5 s',
        reasonCode: null,
      })
    down('cam-0001') // an intersection camera: no rule
    const before = (await call('op1', 'GET', '/api/wall/state?monitor=side')).json<WallState>()
    expect(before.overrides.find((o) => o.zone === 'alarm')?.by).not.toBe('camera-down')
    down('cam-0002') // a trouble spot
    const state = (await call('op1', 'GET', '/api/wall/state?monitor=side')).json<WallState>()
    expect(state.overrides.find((o) => o.zone === 'alarm')).toMatchObject({
      by: 'camera-down',
      source: 'rule',
      content: { kind: 'camera', camera: 'cam-0002' },
      until: new Date(clock + 2 * 60_000).toISOString(),
    })
  })
})
