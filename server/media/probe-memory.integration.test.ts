/**
 * Against the simulated fleet: a camera whose SDP carries no parameter sets (the fleet's `bareSdp` fault:
 * they come in band, and the session starts wherever the camera is) plays, and a stream the store
 * remembers as needing the probe starts with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFleetBackedApp, type FleetBackedApp } from '../cameras/testing/fleet-backed-app.ts'
import { commandOf, descendants } from '../testing/process-tree.ts'
import { TEST_ADMIN_PASSWORD } from '../testing/test-app.ts'
import { waitFor } from '../testing/wait-for.ts'
import { StoredProbeMemory } from './probe-memory.ts'

let f: FleetBackedApp
let url: string
let admin: string

beforeAll(async () => {
  f = await startFleetBackedApp({ cameras: 2 })
  url = await f.t.app.listen({ host: '127.0.0.1', port: 0 })
  admin = await f.t.login('admin', TEST_ADMIN_PASSWORD)
}, 120_000)
afterAll(async () => {
  await f?.close()
})

const playlistAnswers = (cameraId: string) => async (): Promise<boolean> => {
  const response = await fetch(`${url}/live/${cameraId}/sub/index.m3u8`, { headers: { cookie: admin } })
  await response.body?.cancel()
  return response.status === 200
}
const restreamerCommands = (cameraId: string): string[] =>
  descendants(process.pid)
    .map(commandOf)
    .filter((c) => c.includes('ffmpeg') && c.includes(`/${cameraId}/`) && c.includes('pipe:1'))

describe('parameter sets and probing', () => {
  it('a camera without parameter sets in its SDP plays', async () => {
    f.fleet.setFaults('cam-t001', { bareSdp: true })
    await waitFor(playlistAnswers('cam-t001'), 60_000, 'cam-t001 plays', 500)
  }, 90_000)

  it('a stream the store remembers as needing the probe starts with it', async () => {
    new StoredProbeMemory(f.t.app.db).rememberFullProbe('cam-t002', 'sub')
    const playing = waitFor(playlistAnswers('cam-t002'), 60_000, 'cam-t002 plays', 500)
    await waitFor(() => restreamerCommands('cam-t002').length > 0, 30_000, 'cam-t002 restreamer started', 50)
    expect(restreamerCommands('cam-t002')[0]).toContain('-probesize 500000')
    await playing
  }, 90_000)
})
