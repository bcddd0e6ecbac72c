import { afterEach, describe, expect, it } from 'vitest'
import { commandOf, descendants, isAlive } from '../testing/process-tree.ts'
import { waitUntil } from '../testing/wait-for.ts'
import { freePort, writeTestCameraConfig } from '../testing/test-camera-config.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { startTestServer, type TestServer } from '../testing/test-server.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A server (with its fleet) restreaming two cameras, and every process under it. */
async function streamingServer(): Promise<{ server: TestServer; children: number[] }> {
  const dir = makeTempDir('orphans')
  cleanups.push(() => dir.remove())
  writeTestCameraConfig(dir.path, { rtspPort: await freePort(), httpPort: await freePort() }, 2)
  const server = await startTestServer({
    cameraConfigDir: dir.path,
    env: { SIMULATED_FLEET: 'on', CAMERA_HEALTH_INTERVAL_S: '0' },
    startTimeoutMs: 120_000,
  })
  cleanups.push(() => server.close())
  const cookie = await server.login()
  for (const id of ['cam-t001', 'cam-t002'])
    expect((await fetch(`${server.url}/live/${id}/sub/index.m3u8`, { headers: { cookie } })).status).toBe(200)
  const children = descendants(server.pid)
  const restreamers = children.filter((pid) => commandOf(pid).includes('pipe:1') && commandOf(pid).includes('ffmpeg'))
  expect(restreamers).toHaveLength(2)
  return { server, children }
}

describe('no orphan processes, whatever ends the server', () => {
  it("SIGTERM: the server ends its restreamers, the fleet and the fleet's loopers, then exits 0", async () => {
    const { server, children } = await streamingServer()
    expect(await server.close()).toBe(0)
    expect(children.filter(isAlive)).toEqual([])
  }, 120_000)

  it('SIGKILL: the children die with it (parent-death signal), nothing is left behind', async () => {
    const { server, children } = await streamingServer()
    process.kill(server.pid, 'SIGKILL')
    expect(await waitUntil(() => children.every((pid) => !isAlive(pid)), 5000)).toBe(true)
  }, 120_000)
})
