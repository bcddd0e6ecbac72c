/**
 * Instant replay over real ffmpeg and the simulated fleet: a running stream's ring is offered as a VOD
 * playlist that ffprobe reads as video, its older segments read back from the segment spool; a stream
 * that is not running, or an unknown camera, is a 404 that says why.
 */
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFleetBackedApp, type FleetBackedApp } from '../cameras/testing/fleet-backed-app.ts'
import { TEST_ADMIN_PASSWORD } from '../testing/test-app.ts'
import { waitFor } from '../testing/wait-for.ts'

const run = promisify(execFile)
let f: FleetBackedApp
let url: string
let admin: string

beforeAll(async () => {
  f = await startFleetBackedApp({ cameras: 1 })
  url = await f.t.app.listen({ host: '127.0.0.1', port: 0 })
  admin = await f.t.login('admin', TEST_ADMIN_PASSWORD)
}, 120_000)
afterAll(async () => {
  await f?.close()
})

const get = (path: string): Promise<Response> => fetch(`${url}${path}`, { headers: { cookie: admin } })

describe('instant replay from the live ring', () => {
  it('a stream that is not running has nothing to replay, and says so', async () => {
    const response = await get('/live/cam-t001/main/replay.m3u8')
    expect(response.status).toBe(404)
    expect(((await response.json()) as { code: string }).code).toBe('stream.not-started')
    const unknown = await get('/live/cam-nope/sub/replay.m3u8')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { code: string }).code).toBe('camera.unknown')
  })

  it('a running stream replays its last seconds as a finished playlist that plays as video', async () => {
    const live = await get('/live/cam-t001/sub/index.m3u8')
    expect(live.status).toBe(200)
    await live.body?.cancel()
    const playlist = await waitFor(
      async () => {
        const response = await get('/live/cam-t001/sub/replay.m3u8')
        const text = response.status === 200 ? await response.text() : (await response.body?.cancel(), '')
        return (text.match(/^seg-\d+\.m4s$/gm) ?? []).length >= 3 ? text : undefined
      },
      60_000,
      'three segments held',
    )
    expect(playlist).toContain('#EXT-X-PLAYLIST-TYPE:VOD')
    expect(playlist).toContain('#EXT-X-ENDLIST')
    expect(playlist).toMatch(/#EXT-X-PROGRAM-DATE-TIME:\d{4}-/)
    const { stdout } = await run(
      'ffprobe',
      [
        '-v',
        'error',
        '-headers',
        `Cookie: ${admin}\r\n`,
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=codec_name',
        '-of',
        'csv=p=0',
        `${url}/live/cam-t001/sub/replay.m3u8`,
      ],
      { timeout: 30_000 },
    )
    expect(stdout.trim().split('\n')[0]).toBe('h264')
  })

  it('reaches back past the newest seconds: those segments come from the spool, byte for byte', async () => {
    const spool = join(f.t.settings.dataDir, 'live-spool')
    const inSpool = (bytes: Buffer): boolean =>
      existsSync(spool) && readdirSync(spool).some((name) => readFileSync(join(spool, name)).includes(bytes))
    // The second listed segment (the window drops the first soonest), once a spool file holds it whole.
    const held = await waitFor(
      async () => {
        const response = await get('/live/cam-t001/sub/replay.m3u8')
        const text = response.status === 200 ? await response.text() : (await response.body?.cancel(), '')
        const second = text.match(/^seg-\d+\.m4s$/gm)?.[1]
        if (second === undefined) return undefined
        const served = await get(`/live/cam-t001/sub/${second}`)
        const body = Buffer.from(await served.arrayBuffer())
        return served.status === 200 && inSpool(body) ? body : undefined
      },
      60_000,
      'a listed segment served as the spool holds it',
    )
    expect(held.length).toBeGreaterThan(100)
    expect(held.subarray(4, 8).toString()).toBe('moof')
  })
})
