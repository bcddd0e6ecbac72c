/**
 * Reconnect replay at any distance: a client thousands of events behind gets every event it may see, in
 * order, once; when the missed events cannot bring its lists up to date it is told to reload them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect, type Socket } from 'socket.io-client'
import type { SessionUser } from '../contracts/api.ts'
import type { IncidentEvent } from '../contracts/incidents.ts'
import type { IncidentResyncEvent } from '../contracts/realtime-events.ts'
import { waitUntil } from '../testing/wait-for.ts'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'

let t: TestApp
let url: string
const cookies: Record<string, string> = {}
const sockets: Socket[] = []
const operator: SessionUser = { id: 0, username: 'op-replay', role: 'operator', department: null }
const police: SessionUser = { id: 0, username: 'pol-replay', role: 'department', department: 'police' }

beforeAll(async () => {
  t = await buildTestApp()
  url = await t.app.listen({ host: '127.0.0.1', port: 0 })
  for (const user of [operator, police]) {
    await t.app.accounts.add({
      username: user.username,
      role: user.role,
      ...(user.department ? { department: user.department } : {}),
      password: `${user.username}-password`,
    })
    cookies[user.username] = await t.login(user.username, `${user.username}-password`)
  }
  cookies['admin'] = await t.login('admin', TEST_ADMIN_PASSWORD)
})
afterAll(async () => {
  for (const socket of sockets) socket.disconnect()
  await t.close()
})

interface Listener {
  events: IncidentEvent[]
  resyncs: IncidentResyncEvent[]
}

async function listen(who: string, lastSeq: number): Promise<Listener> {
  const heard: Listener = { events: [], resyncs: [] }
  const socket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie: cookies[who]! },
    auth: { lastSeq },
  })
  socket.on('incident:event', (event: IncidentEvent) => heard.events.push(event))
  socket.on('incident:resync', (event: IncidentResyncEvent) => heard.resyncs.push(event))
  sockets.push(socket)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return heard
}

const report = (note: string) =>
  t.app.incidents.createExternal(
    { category: 'vehicle-scrape', note, location: null, address: null, community: null, grid: null },
    'replay-test',
  )

function dispatchTo(id: number, lead: string): void {
  t.app.incidents.transition(id, { action: 'accept' }, operator)
  t.app.incidents.transition(id, { action: 'dispatch', lead }, operator)
}

/** The stored sequence numbers after `seq` that a department (or, with null, the centre) may see. */
function storedSeqs(after: number, department: string | null): number[] {
  const rows = t.app.db
    .prepare('SELECT seq, departments FROM incident_events WHERE seq > ? ORDER BY seq')
    .all(after) as { seq: number; departments: string }[]
  return rows
    .filter((r) => department === null || (JSON.parse(r.departments) as string[]).includes(department))
    .map((r) => r.seq)
}

describe('replay after a long absence', () => {
  it('a department 6,000 events behind, and the admin, each get every event they may see, in order, once', async () => {
    const mine = report('警务')
    const others = report('城管')
    const centreOnly = report('待受理')
    dispatchTo(mine.id, 'police')
    dispatchTo(others.id, 'environment')
    const from = t.app.incidentStore.lastSeq()
    // Police may see one event in three: a limit applied before the audience would cut its replay short.
    t.app.db.transaction(() => {
      for (let i = 0; i < 2000; i++)
        for (const id of [mine.id, others.id, centreOnly.id]) t.app.incidents.note(id, `进展 ${i}`, operator)
    })()

    const started = Date.now()
    const department = await listen(police.username, from)
    const centre = await listen('admin', from)
    const expectedForPolice = storedSeqs(from, 'police')
    const expectedForCentre = storedSeqs(from, null)
    expect(expectedForPolice).toHaveLength(2000)
    expect(expectedForCentre).toHaveLength(6000)
    await waitUntil(
      () => department.events.length >= expectedForPolice.length && centre.events.length >= expectedForCentre.length,
      60_000,
    )
    console.info(`replayed 2,000 (department) and 6,000 (admin) events in ${Date.now() - started} ms`)
    expect(department.events.map((e) => e.seq)).toEqual(expectedForPolice)
    expect(centre.events.map((e) => e.seq)).toEqual(expectedForCentre)
    expect(department.events.every((e) => e.incident.id === mine.id)).toBe(true)
    expect(department.resyncs).toEqual([])
  }, 120_000)

  it('a sequence beyond the store (a data reset) gets a resync, not silence', async () => {
    const newest = t.app.incidentStore.lastSeq()
    const heard = await listen(police.username, newest + 1000)
    await waitUntil(() => heard.resyncs.length > 0, 30_000)
    expect(heard.resyncs).toEqual([{ reason: 'unknown-sequence', lastSeq: newest }])
    expect(heard.events).toEqual([])
  })

  it('an incident re-dispatched away from the department meanwhile: a resync, and no event about it', async () => {
    const incident = report('占道')
    dispatchTo(incident.id, 'police')
    const from = t.app.incidentStore.lastSeq()
    t.app.incidents.transition(incident.id, { action: 'return', reason: '属城管职责' }, police)
    t.app.incidents.transition(incident.id, { action: 'dispatch', lead: 'environment' }, operator)

    const heard = await listen(police.username, from)
    await waitUntil(() => heard.resyncs.length > 0, 30_000)
    expect(heard.resyncs).toEqual([{ reason: 'no-longer-visible', lastSeq: t.app.incidentStore.lastSeq() }])
    expect(heard.events.filter((e) => e.incident.lead !== 'police')).toEqual([])

    // Sent and taken away again while the department was away: never in its list, so nothing to reload.
    const from2 = t.app.incidentStore.lastSeq()
    const passing = report('路过')
    dispatchTo(passing.id, 'police')
    t.app.incidents.transition(passing.id, { action: 'return', reason: '不属本部门' }, police)
    t.app.incidents.transition(passing.id, { action: 'dispatch', lead: 'environment' }, operator)
    const marker = report('标记')
    dispatchTo(marker.id, 'police')
    const away = await listen(police.username, from2)
    await waitUntil(() => away.events.some((e) => e.incident.id === marker.id), 30_000)
    expect(away.resyncs).toEqual([])
    expect(away.events.filter((e) => e.incident.id === passing.id)).toEqual([])

    // Once its list is reloaded (a lastSeq after the move) the department replays normally again.
    const after = await listen(police.username, t.app.incidentStore.lastSeq())
    const later = report('再次')
    dispatchTo(later.id, 'police')
    await waitUntil(() => after.events.some((e) => e.incident.id === later.id), 30_000)
    expect(after.resyncs).toEqual([])
  })
})
