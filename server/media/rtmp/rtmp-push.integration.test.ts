import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { loadCameraConfig } from '../../config/load-camera-config.ts'
import { mediaDir } from '../../../fixtures/fleet/testing/fleet-test-helpers.ts'
import { MediaLibrary } from '../../../fixtures/fleet/media/media-library.ts'
import { ProcessPool } from '../../process/process-pool.ts'
import { silentLogger } from '../../process/logger.ts'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../../testing/test-app.ts'
import { freePort, writeTestCameraConfig } from '../../testing/test-camera-config.ts'
import { makeTempDir } from '../../testing/temp-dir.ts'
import { descendants, isAlive } from '../../testing/process-tree.ts'
import { waitUntil } from '../../testing/wait-for.ts'

const STREAM_KEY = 'vehicle-07-key-5f3c9a1d'
const dir = makeTempDir('rtmp-config')
let t: TestApp
let url: string
let cookie: string
let rtmpPort: number
const pushers: ChildProcess[] = []

/** A 4G camera: ffmpeg looping a fleet clip to the ingest as FLV over RTMP. */
async function push(key: string): Promise<ChildProcess> {
  const pool = new ProcessPool({ logger: silentLogger })
  const clip = await new MediaLibrary(mediaDir, pool, silentLogger, 20).prepare({
    look: 'colour-bars',
    quality: 'sub',
    gopSeconds: 1,
    codec: 'h264',
  })
  await pool.closeAll()
  const child = spawn(
    'ffmpeg',
    [
      '-nostdin',
      '-loglevel',
      'error',
      '-re',
      '-stream_loop',
      '-1',
      '-i',
      clip.path,
      '-c',
      'copy',
      '-f',
      'flv',
      `rtmp://127.0.0.1:${rtmpPort}/live/${key}`,
    ],
    { stdio: 'ignore' },
  )
  pushers.push(child)
  return child
}

beforeAll(async () => {
  writeTestCameraConfig(dir.path, { rtspPort: await freePort(), httpPort: await freePort() }, 2)
  const file = join(dir.path, 'cameras.yaml')
  const config = loadCameraConfig(dir.path, {})
  const cameras = [
    ...config.cameras,
    {
      id: 'cam-car07',
      name: '执法车07',
      categories: ['trouble-spot'],
      community: 'houtaibao',
      grid: 'houtaibao-1',
      location: { lat: 38.08, lng: 114.45 },
      source: { type: 'rtmp-push', streamKey: STREAM_KEY },
    },
  ]
  writeFileSync(file, stringify({ cameras }))
  rtmpPort = await freePort()
  t = await buildTestApp(
    { RTMP_HOST: '127.0.0.1', RTMP_PORT: String(rtmpPort) },
    { ...loadCameraConfig(dir.path, {}), fleet: null },
  )
  url = await t.app.listen({ host: '127.0.0.1', port: 0 })
  cookie = await t.login('admin', TEST_ADMIN_PASSWORD)
}, 60_000)

afterAll(async () => {
  for (const p of pushers) p.kill('SIGKILL')
  await t?.close()
  dir.remove()
})

describe('RTMP push cameras', () => {
  it('a camera pushing with its key is restreamed like any other, and the key appears nowhere', async () => {
    await push(STREAM_KEY)
    const response = await fetch(`${url}/live/cam-car07/sub/index.m3u8`, { headers: { cookie } })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('#EXT-X-PART:')
    const listed = await (await fetch(`${url}/api/streams`, { headers: { cookie } })).text()
    expect(listed).toContain('"cameraId":"cam-car07"')
    const cameras = await (await fetch(`${url}/api/cameras`, { headers: { cookie } })).text()
    expect(cameras).toContain('"sourceType":"rtmp-push"')
    for (const body of [listed, cameras]) expect(body).not.toContain(STREAM_KEY)
  }, 90_000)

  it('a publish with an unknown key is cut off', async () => {
    const intruder = await push('not-a-camera-key-000000')
    const exited = await waitUntil(() => intruder.exitCode !== null || intruder.signalCode !== null, 30_000)
    expect(exited).toBe(true)
  }, 90_000)

  it('the ingest is a child of the server and ends with it', async () => {
    const children = descendants(process.pid).filter((pid) => isAlive(pid))
    expect(children.length).toBeGreaterThan(0)
    await t.close()
    expect(
      await waitUntil(
        () => descendants(process.pid).filter((pid) => !pushers.some((p) => p.pid === pid)).length === 0,
        30_000,
      ),
    ).toBe(true)
  }, 90_000)
})
