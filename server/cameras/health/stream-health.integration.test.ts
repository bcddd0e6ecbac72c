/**
 * One truth about a camera: a watched stream's failure (a refused password, a stall) changes the camera's
 * status in /api/cameras and on camera:status within seconds, through the health states, though the
 * periodic check is an hour away; a stream that plays again brings the camera back online.
 * Real ffmpeg against the simulated fleet, real HTTP, a real socket.io client.
 */
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CameraView } from '../../contracts/api.ts'
import type { CameraStatusEvent, ServerToClientEvents } from '../../contracts/realtime-events.ts'
import { waitFor, waitUntil } from '../../testing/wait-for.ts'
import { TEST_ADMIN_PASSWORD } from '../../testing/test-app.ts'
import { startFleetBackedApp, type FleetBackedApp } from '../testing/fleet-backed-app.ts'

let f: FleetBackedApp
let url: string
let cookie: string
let socket: Socket<ServerToClientEvents>
const events: CameraStatusEvent[] = []

beforeAll(async () => {
  f = await startFleetBackedApp({
    cameras: 2,
    // The periodic check runs once at start, then not for an hour: only the streams can change a status.
    settings: { CAMERA_HEALTH_INTERVAL_S: '3600', LIVE_STALL_S: '3', LIVE_IDLE_STOP_S: '20' },
  })
  url = await f.t.app.listen({ host: '127.0.0.1', port: 0 })
  cookie = await f.t.login('admin', TEST_ADMIN_PASSWORD)
  socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } })
  socket.on('camera:status', (event) => events.push(event))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
}, 120_000)
afterAll(async () => {
  socket?.disconnect()
  await f?.close()
})

const get = (path: string): Promise<Response> => fetch(`${url}${path}`, { headers: { cookie } })
async function statusOf(cameraId: string): Promise<CameraView | undefined> {
  const { cameras } = (await (await get('/api/cameras')).json()) as { cameras: CameraView[] }
  return cameras.find((c) => c.id === cameraId)
}
const latestEvent = (cameraId: string) => events.filter((e) => e.cameraId === cameraId).at(-1)
/** A viewer: one playlist request (the stream starts on the first and stays while they come). */
const watch = (cameraId: string) => get(`/live/${cameraId}/sub/index.m3u8`)

describe('a watched stream speaks for its camera', () => {
  it('starts with every camera online (the one periodic round)', async () => {
    await waitFor(
      async () =>
        (await statusOf('cam-t001'))?.status === 'online' && (await statusOf('cam-t002'))?.status === 'online',
      30_000,
      'both cameras online',
    )
  })

  it('a refused password on a watched stream: auth-failed in /api/cameras and on camera:status, then online again', async () => {
    f.fleet.setFaults('cam-t002', { wrongPassword: true })
    expect((await watch('cam-t002')).status).toBe(503)
    await waitFor(async () => (await statusOf('cam-t002'))?.status === 'auth-failed', 30_000, 'cam-t002 auth-failed')
    expect(await waitUntil(() => latestEvent('cam-t002')?.status === 'auth-failed', 5_000)).toBe(true)
    expect(latestEvent('cam-t002')?.detail).toBe('the camera refused the username or password')

    f.fleet.clearFaults('cam-t002')
    await waitFor(
      async () => {
        await watch('cam-t002')
        return (await statusOf('cam-t002'))?.status === 'online'
      },
      30_000,
      'cam-t002 online while watched',
      250,
    )
    expect(await waitUntil(() => latestEvent('cam-t002')?.status === 'online', 5_000)).toBe(true)
  }, 60_000)

  it('a watched stream that stalls: offline with the reason, and online once video flows again', async () => {
    expect((await watch('cam-t001')).status).toBe(200)
    f.fleet.setFaults('cam-t001', { stall: true })
    await waitFor(
      async () => {
        await watch('cam-t001')
        return (await statusOf('cam-t001'))?.status === 'offline'
      },
      30_000,
      'cam-t001 offline while watched',
      250,
    )
    expect(await waitUntil(() => latestEvent('cam-t001')?.status === 'offline', 5_000)).toBe(true)
    expect(latestEvent('cam-t001')?.detail).toBe('no video from the camera for 3 s')

    f.fleet.clearFaults('cam-t001')
    await waitFor(
      async () => {
        await watch('cam-t001')
        return (await statusOf('cam-t001'))?.status === 'online'
      },
      30_000,
      'cam-t001 online while watched',
      250,
    )
  }, 60_000)
})
