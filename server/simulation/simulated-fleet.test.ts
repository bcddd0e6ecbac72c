import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { commandOf, descendants, isAlive } from '../testing/process-tree.ts'
import { waitUntil } from '../testing/wait-for.ts'
import { freePort, testCameraPassword, writeTestCameraConfig } from '../testing/test-camera-config.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { startTestServer, type TestServer } from '../testing/test-server.ts'
import { nodeArgsFor } from '../process/node-entry.ts'

const run = promisify(execFile)
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function probe(url: string): Promise<string> {
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', url],
    { timeout: 20_000 },
  )
  return stdout.trim()
}

async function serverWithFleet(): Promise<{ server: TestServer; rtspPort: number }> {
  const dir = makeTempDir('fleet-config')
  cleanups.push(() => dir.remove())
  const ports = { rtspPort: await freePort(), httpPort: await freePort() }
  writeTestCameraConfig(dir.path, ports, 4)
  const server = await startTestServer({
    cameraConfigDir: dir.path,
    env: { SIMULATED_FLEET: 'on' },
    startTimeoutMs: 120_000,
  })
  cleanups.push(() => server.close())
  return { server, rtspPort: ports.rtspPort }
}

// A server start may take up to its 120 s on a loaded machine: each test's limit leaves room after it.
describe('npm start with the simulated fleet configured', () => {
  it('starts the fleet, whose cameras ffprobe can read, and ends it with the server on SIGTERM', async () => {
    const { server, rtspPort } = await serverWithFleet()
    const url = (quality: string) =>
      `rtsp://admin:${testCameraPassword('cam-t002')}@127.0.0.1:${rtspPort}/cam-t002/${quality}`
    expect(await probe(url('main'))).toBe('h264,1280,720')
    expect(await probe(url('sub'))).toBe('h264,640,360')
    const children = descendants(server.pid)
    expect(children.some((pid) => commandOf(pid).includes(nodeArgsFor('fixtures/fleet/main.ts').at(-1)!))).toBe(true)
    expect(await server.close()).toBe(0)
    expect(await waitUntil(() => children.every((pid) => !isAlive(pid)), 30_000)).toBe(true)
  }, 180_000)

  it('leaves no orphan when the server is SIGKILLed: the fleet and its ffmpeg die with it', async () => {
    const { server, rtspPort } = await serverWithFleet()
    // Pull a stream so that the fleet runs an ffmpeg looper too.
    const puller = execFile('ffmpeg', [
      '-nostdin',
      '-v',
      'error',
      '-rtsp_transport',
      'tcp',
      '-i',
      `rtsp://admin:${testCameraPassword('cam-t002')}@127.0.0.1:${rtspPort}/cam-t002/sub`,
      '-t',
      '20',
      '-f',
      'null',
      '-',
    ])
    cleanups.push(() => puller.kill('SIGKILL'))
    expect(
      await waitUntil(() => descendants(server.pid).some((pid) => commandOf(pid).includes('ffmpeg')), 30_000),
    ).toBe(true)
    const children = descendants(server.pid)
    process.kill(server.pid, 'SIGKILL')
    expect(await waitUntil(() => children.every((pid) => !isAlive(pid)), 30_000)).toBe(true)
  }, 180_000)
})
