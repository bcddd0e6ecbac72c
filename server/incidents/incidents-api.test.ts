import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect, type Socket } from 'socket.io-client'
import type { Incident, IncidentEvent, IncidentWithTimeline } from '../contracts/incidents.ts'
import type { CameraStatusEvent } from '../contracts/realtime-events.ts'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { waitFor } from '../testing/wait-for.ts'

// A clock the tests move, so SLA deadlines pass without waiting.
let clock = Date.parse('2026-11-27T01:00:00Z')
const data = makeTempDir('incidents')
let t: TestApp
let url: string
const cookies: Record<string, string> = {}
const sockets: Socket[] = []

async function start(): Promise<void> {
  t = await buildTestApp({}, undefined, { now: () => clock }, data.path)
  url = await t.app.listen({ host: '127.0.0.1', port: 0 })
}

beforeAll(async () => {
  await start()
  const users = [
    ['op1', 'operator'],
    ['lead1', 'supervisor'],
    ['wall1', 'wall'],
    ['tp1', 'department', 'traffic-police'],
    ['pol1', 'department', 'police'],
    ['env1', 'department', 'environment'],
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

const call = async (who: string, method: string, path: string, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url: path,
    headers: { cookie: cookies[who]! },
    ...(payload ? { payload } : {}),
  })
const act = async (who: string, id: number, body: object) => call(who, 'POST', `/api/incidents/${id}/transitions`, body)
const report = async (category = 'vehicle-scrape', cameraId = 'cam-0001'): Promise<Incident> =>
  (
    await call('op1', 'POST', '/api/incidents', { cameraId, category, severity: 'high', note: '两车剐蹭，占用车道' })
  ).json() as Incident

async function listen(who: string, lastSeq?: number): Promise<{ socket: Socket; events: IncidentEvent[] }> {
  const events: IncidentEvent[] = []
  const socket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie: cookies[who]! },
    auth: lastSeq === undefined ? {} : { lastSeq },
  })
  socket.on('incident:event', (e: IncidentEvent) => events.push(e))
  sockets.push(socket)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return { socket, events }
}

let fences = 0
/**
 * Resolves once every client has received everything published to it so far: a fence event goes to
 * everyone after it, and each connection delivers in order. So an event that should not reach a client
 * would have arrived by then, and the test can say it did not.
 */
async function delivered(...clients: Array<{ socket: Socket }>): Promise<void> {
  const fence = `fence-${++fences}`
  const arrived = new Set<Socket>()
  for (const { socket } of clients) {
    const onStatus = (event: CameraStatusEvent) => {
      if (event.cameraId !== fence) return
      arrived.add(socket)
      socket.off('camera:status', onStatus)
    }
    socket.on('camera:status', onStatus)
  }
  t.app.realtime.publish('camera:status', {
    cameraId: fence,
    status: 'online',
    since: new Date(clock).toISOString(),
    detail: null,
    reasonCode: null,
  })
  await waitFor(() => arrived.size === clients.length, 30_000, `${fence} on every client`)
}

describe('reporting', () => {
  it('an operator reports on a camera: 201 with the place, the suggested route and a readable code', async () => {
    const response = await call('op1', 'POST', '/api/incidents', { cameraId: 'cam-0001', category: 'vehicle-scrape' })
    expect(response.statusCode).toBe(201)
    const incident = response.json() as Incident
    expect(incident).toMatchObject({
      stage: 'reported',
      cameraId: 'cam-0001',
      community: 'zhaolingpu-east',
      grid: 'zhaolingpu-east-1',
      severity: 'normal',
      suggestedLead: 'traffic-police',
      suggestedAssisting: ['police'],
      reportedBy: 'op1',
      source: 'console',
      escalated: false,
      version: 1,
    })
    expect(incident.code).toMatch(/^SE-20261127-\d{4}$/)
  })

  it.each([
    [
      'an unknown camera',
      { cameraId: 'cam-9999', category: 'vehicle-scrape' },
      400,
      'cameraId: unknown camera "cam-9999"',
    ],
    ['an unknown category', { cameraId: 'cam-0001', category: 'ufo' }, 400, 'category: unknown event category "ufo"'],
  ])('refuses %s with a message', async (_, body, status, message) => {
    const response = await call('op1', 'POST', '/api/incidents', body)
    expect(response.statusCode).toBe(status)
    expect(response.json().message).toBe(message)
  })

  it('departments and the wall display cannot report', async () => {
    expect(
      (await call('pol1', 'POST', '/api/incidents', { cameraId: 'cam-0001', category: 'vehicle-scrape' })).statusCode,
    ).toBe(403)
    expect(
      (await call('wall1', 'POST', '/api/incidents', { cameraId: 'cam-0001', category: 'vehicle-scrape' })).statusCode,
    ).toBe(403)
  })

  it('suggests possible duplicates: same category on the same camera within 30 minutes', async () => {
    const first = await report('garbage-burning', 'cam-0010')
    const found = (
      await call('op1', 'GET', '/api/incidents/duplicates?cameraId=cam-0010&category=garbage-burning')
    ).json()
    expect(found.incidents.map((i: Incident) => i.id)).toContain(first.id)
    expect(
      (await call('op1', 'GET', '/api/incidents/duplicates?cameraId=cam-0010&category=road-flooding')).json().incidents,
    ).toEqual([])
  })
})

describe('the whole loop through HTTP, with live events', () => {
  it('report, accept, dispatch, acknowledge, start, handle, verify, close, archive: each on the timeline, each delivered', async () => {
    const board = await listen('op1', 0)
    const traffic = await listen('tp1', 0)
    const environment = await listen('env1', 0)
    const incident = await report()
    expect((await act('op1', incident.id, { action: 'accept' })).statusCode).toBe(200)
    const dispatched = (
      await act('op1', incident.id, { action: 'dispatch', lead: 'traffic-police', assisting: ['police'] })
    ).json() as Incident
    expect(dispatched).toMatchObject({ stage: 'dispatched', lead: 'traffic-police', assisting: ['police'] })
    // Vehicle scrape: acknowledge within 10 minutes, handle within 60.
    expect(dispatched.acknowledgeDueAt).toBe(new Date(clock + 10 * 60_000).toISOString())
    expect(dispatched.handleDueAt).toBe(new Date(clock + 60 * 60_000).toISOString())
    for (const body of [
      { action: 'acknowledge' },
      { action: 'start' },
      { action: 'handle', note: '已拖离，道路通畅' },
    ]) {
      expect((await act('tp1', incident.id, body)).statusCode, body.action).toBe(200)
    }
    for (const body of [{ action: 'verify' }, { action: 'close', closeReason: 'resolved' }])
      expect((await act('op1', incident.id, body)).statusCode).toBe(200)
    expect((await act('lead1', incident.id, { action: 'archive' })).json()).toMatchObject({
      stage: 'archived',
      closeReason: 'resolved',
    })

    const full = (await call('op1', 'GET', `/api/incidents/${incident.id}`)).json() as IncidentWithTimeline
    expect(full.timeline.filter((e) => e.kind !== 'evidence').map((e) => [e.kind, e.actor, e.to])).toEqual([
      ['created', 'op1', 'reported'],
      ['accept', 'op1', 'accepted'],
      ['dispatch', 'op1', 'dispatched'],
      ['acknowledge', 'tp1', 'acknowledged'],
      ['start', 'tp1', 'in-progress'],
      ['handle', 'tp1', 'handled'],
      ['verify', 'op1', 'verified'],
      ['close', 'op1', 'closed'],
      ['archive', 'lead1', 'archived'],
    ])
    // Found by kind: background evidence entries may land anywhere in the timeline.
    expect(full.timeline.find((e) => e.kind === 'handle')?.text).toBe('已拖离，道路通畅')
    await delivered(board, traffic, environment)
    // Evidence events come from the background capture (no camera answers in this test): not the loop's.
    const mine = (events: IncidentEvent[]) =>
      events.filter((e) => e.incident.id === incident.id && e.kind !== 'evidence')
    expect(mine(board.events).map((e) => e.entry?.kind)).toEqual(
      full.timeline.filter((e) => e.kind !== 'evidence').map((e) => e.kind),
    )
    // The department hears of it from the dispatch on, and never of other departments' incidents.
    expect(mine(traffic.events).map((e) => e.entry?.kind)).toEqual([
      'dispatch',
      'acknowledge',
      'start',
      'handle',
      'verify',
      'close',
      'archive',
    ])
    expect(mine(environment.events)).toEqual([])
    const seqs = board.events.map((e) => e.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
  })

  it('the timeline cannot be changed, even from inside', () => {
    expect(() => t.app.db.prepare("UPDATE incident_timeline SET text = 'x'").run()).toThrow(
      'the incident timeline is append-only',
    )
    expect(() => t.app.db.prepare('DELETE FROM incident_timeline').run()).toThrow(
      'the incident timeline is append-only',
    )
  })
})

describe('who may do what', () => {
  it('a department sees only incidents sent to it: others are 404 and absent from its list', async () => {
    const incident = await report('garbage-burning', 'cam-0020')
    await act('op1', incident.id, { action: 'accept' })
    await act('op1', incident.id, { action: 'dispatch', lead: 'environment', assisting: ['urban-management'] })
    expect((await call('env1', 'GET', `/api/incidents/${incident.id}`)).statusCode).toBe(200)
    expect((await call('pol1', 'GET', `/api/incidents/${incident.id}`)).statusCode).toBe(404)
    expect((await act('pol1', incident.id, { action: 'acknowledge' })).statusCode).toBe(404)
    const list = (await call('pol1', 'GET', '/api/incidents?department=environment')).json().incidents as Incident[]
    expect(list.some((i) => i.id === incident.id)).toBe(false)
    expect(list.every((i) => i.lead === 'police' || i.assisting.includes('police'))).toBe(true)
    const envList = (await call('env1', 'GET', '/api/incidents')).json().incidents as Incident[]
    expect(envList.map((i) => i.id)).toContain(incident.id)
  })

  it('answers 409 for a move not allowed now, 403 for the wrong role, 400 for missing fields', async () => {
    const incident = await report()
    expect((await act('op1', incident.id, { action: 'close', closeReason: 'resolved' })).statusCode).toBe(409)
    expect((await act('wall1', incident.id, { action: 'accept' })).statusCode).toBe(403)
    expect((await act('op1', incident.id, { action: 'reject' })).json()).toMatchObject({
      statusCode: 400,
      code: 'incident.missing-field',
      params: { action: 'reject', field: 'reason' },
      message: 'reject needs reason',
    })
    expect((await act('op1', incident.id, { action: 'fly' })).statusCode).toBe(400)
    await act('op1', incident.id, { action: 'accept' })
    expect((await act('op1', incident.id, { action: 'dispatch', lead: 'fire-brigade' })).json()).toMatchObject({
      statusCode: 400,
      code: 'department.unknown',
      params: { department: 'fire-brigade' },
      message: 'unknown department "fire-brigade"',
    })
  })

  it('a returned incident is re-routed to another department, which then sees it', async () => {
    const incident = await report('street-vendor', 'cam-0030')
    await act('op1', incident.id, { action: 'accept' })
    await act('op1', incident.id, { action: 'dispatch', lead: 'police' })
    expect((await act('pol1', incident.id, { action: 'return', reason: '属城管职责' })).json()).toMatchObject({
      stage: 'returned',
    })
    expect((await act('op1', incident.id, { action: 'dispatch', lead: 'environment' })).json()).toMatchObject({
      stage: 'dispatched',
      lead: 'environment',
    })
    expect((await act('env1', incident.id, { action: 'acknowledge' })).statusCode).toBe(200)
  })

  it('of two concurrent moves on one incident, one wins and the other gets 409', async () => {
    const incident = await report()
    const answers = await Promise.all([
      act('op1', incident.id, { action: 'accept' }),
      act('lead1', incident.id, { action: 'reject', reason: '重复' }),
    ])
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409])
  })

  it('a stale version is refused rather than overwriting a change', async () => {
    const incident = await report()
    await act('op1', incident.id, { action: 'accept', version: 1 })
    const stale = await act('lead1', incident.id, { action: 'dispatch', lead: 'police', version: 1 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().message).toMatch(/changed since you loaded it/)
  })
})

describe('SLA escalation on the server clock', () => {
  it('not acknowledged in time: escalated once, the supervisors and the department alerted', async () => {
    const supervisors = await listen('lead1', 0)
    const incident = await report('road-flooding', 'cam-0040')
    await act('op1', incident.id, { action: 'accept' })
    await act('op1', incident.id, { action: 'dispatch', lead: 'police' })
    const police = await listen('pol1', 0)
    clock += 11 * 60_000
    // The watcher runs on an interval; run its check now rather than wait for it.
    const { EscalationWatcher } = await import('./escalation.ts')
    const watcher = new EscalationWatcher(t.app.db, t.app.incidents, () => clock)
    watcher.check()
    watcher.check()
    const escalations = async () =>
      ((await call('op1', 'GET', `/api/incidents/${incident.id}`)).json() as IncidentWithTimeline).timeline.filter(
        (e) => e.kind === 'escalated',
      )
    expect(await escalations()).toEqual([
      expect.objectContaining({ actor: 'system', text: 'not acknowledged in time' }),
    ])
    expect(((await call('op1', 'GET', `/api/incidents/${incident.id}`)).json() as Incident).escalated).toBe(true)
    await delivered(supervisors, police)
    expect(supervisors.events.filter((e) => e.incident.id === incident.id && e.kind === 'escalated')).toHaveLength(1)
    expect(police.events.filter((e) => e.incident.id === incident.id && e.kind === 'escalated')).toHaveLength(1)
    // Handling is overdue too after four hours: a second, separate escalation.
    await act('pol1', incident.id, { action: 'acknowledge' })
    clock += 4 * 3600_000
    watcher.check()
    expect((await escalations()).map((e) => e.text)).toEqual(['not acknowledged in time', 'not handled in time'])
  })
})

describe('nothing lost across drops and restarts', () => {
  it('a department client that was away gets every event it missed, in order, once, even after a server restart', async () => {
    const first = await listen('pol1', 0)
    await delivered(first)
    const lastSeen = Math.max(0, ...first.events.map((e) => e.seq))
    first.socket.disconnect()

    const ids: number[] = []
    for (let i = 0; i < 3; i++) {
      const incident = await report('crowd-gathering', `cam-00${50 + i}`)
      await act('op1', incident.id, { action: 'accept' })
      await act('op1', incident.id, { action: 'dispatch', lead: 'police', assisting: ['governance'] })
      ids.push(incident.id)
    }
    // Restart the server on the same data directory in the middle of it all.
    await t.app.close()
    await start()
    for (const who of Object.keys(cookies)) if (who !== 'admin') cookies[who] = await t.login(who, `${who}-password`)
    cookies['admin'] = await t.login('admin', TEST_ADMIN_PASSWORD)
    await act('pol1', ids[0]!, { action: 'acknowledge' })

    const back = await listen('pol1', lastSeen)
    await delivered(back)
    const got = back.events.filter((e) => ids.includes(e.incident.id) && e.kind !== 'evidence')
    expect(got.map((e) => [e.incident.id, e.entry?.kind])).toEqual([
      [ids[0], 'dispatch'],
      [ids[1], 'dispatch'],
      [ids[2], 'dispatch'],
      [ids[0], 'acknowledge'],
    ])
    const seqs = back.events.map((e) => e.seq)
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(seqs.every((s) => s > lastSeen)).toBe(true)
    // Closing and building the app again takes half a minute on a busy machine.
  }, 180_000)
})

describe('statistics', () => {
  it('counts today and this month by category and department', async () => {
    const stats = (await call('lead1', 'GET', '/api/incidents/stats')).json()
    expect(stats.today.byCategory.find((r: { id: string }) => r.id === 'vehicle-scrape').reported).toBeGreaterThan(2)
    expect(stats.month.byDepartment.find((r: { id: string }) => r.id === 'traffic-police')).toMatchObject({ closed: 1 })
    expect((await call('pol1', 'GET', '/api/incidents/stats')).statusCode).toBe(403)
  })
})

describe('versions guard decisions, not notes', () => {
  it("a note (or evidence arriving) between loading and acting does not make the operator's screen stale", async () => {
    const incident = await report('illegal-parking', 'cam-0060')
    expect(
      (await call('op1', 'POST', `/api/incidents/${incident.id}/notes`, { text: '车主已联系' })).json().version,
    ).toBe(1)
    expect((await act('op1', incident.id, { action: 'accept', version: 1 })).statusCode).toBe(200)
  })
})
