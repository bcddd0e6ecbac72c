import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect, type Socket } from 'socket.io-client'
import type { CameraStatusEvent, ServerToClientEvents } from '../contracts/realtime-events.ts'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { waitFor } from '../testing/wait-for.ts'

let t: TestApp
let url: string
const sockets: Socket[] = []

beforeAll(async () => {
  t = await buildTestApp()
  await t.app.accounts.add({
    username: 'police1',
    role: 'department',
    department: 'police',
    password: 'police-password',
  })
  await t.app.accounts.add({
    username: 'env1',
    role: 'department',
    department: 'environment',
    password: 'environ-password',
  })
  url = await t.app.listen({ host: '127.0.0.1', port: 0 })
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await t.close()
})

async function client(cookie?: string, origin?: string): Promise<Socket<ServerToClientEvents>> {
  const socket: Socket<ServerToClientEvents> = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
  })
  sockets.push(socket)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', (error) => reject(error))
  })
  return socket
}

const event: CameraStatusEvent = {
  cameraId: 'cam-0001',
  status: 'offline',
  since: '2026-11-27T06:00:00.000Z',
  detail: 'no answer within 5 s',
  reasonCode: 'camera.offline',
}

describe('realtime', () => {
  it('refuses a connection without a session', async () => {
    await expect(client()).rejects.toThrow('unauthorized: please log in')
    await expect(client('se_session=forged')).rejects.toThrow('unauthorized: please log in')
  })

  it("refuses another site's page even with a valid cookie, and takes our own", async () => {
    const cookie = await t.login('admin', TEST_ADMIN_PASSWORD)
    await expect(client(cookie, 'http://evil.example')).rejects.toThrow()
    const own = await client(cookie, url)
    expect(own.connected).toBe(true)
  })

  it('delivers an event to everyone, and a department event only to that department', async () => {
    const admin = await client(await t.login('admin', TEST_ADMIN_PASSWORD))
    const police = await client(await t.login('police1', 'police-password'))
    const environment = await client(await t.login('env1', 'environ-password'))
    const seen: Record<string, CameraStatusEvent[]> = { admin: [], police: [], environment: [] }
    admin.on('camera:status', (e) => seen['admin']!.push(e))
    police.on('camera:status', (e) => seen['police']!.push(e))
    environment.on('camera:status', (e) => seen['environment']!.push(e))

    t.app.realtime.publish('camera:status', event)
    t.app.realtime.publish('camera:status', { ...event, cameraId: 'cam-0002' }, { departments: ['police'] })
    t.app.realtime.publish('camera:status', { ...event, cameraId: 'cam-0003' }, { roles: ['admin', 'supervisor'] })
    // A last event to everyone: each connection delivers in order, so once it has arrived, so has anything
    // published before it, including an event that should not have reached that client.
    t.app.realtime.publish('camera:status', { ...event, cameraId: 'cam-last' })
    const received = () => Object.values(seen).every((events) => events.at(-1)?.cameraId === 'cam-last')
    await waitFor(received, 30_000, 'the last event on every client')

    expect(seen['admin']!.map((e) => e.cameraId)).toEqual(['cam-0001', 'cam-0003', 'cam-last'])
    expect(seen['police']!.map((e) => e.cameraId)).toEqual(['cam-0001', 'cam-0002', 'cam-last'])
    expect(seen['environment']!.map((e) => e.cameraId)).toEqual(['cam-0001', 'cam-last'])
  })
})
