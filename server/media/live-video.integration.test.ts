import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFleetBackedApp, type FleetBackedApp } from '../cameras/testing/fleet-backed-app.ts'
import type { StreamInfo } from '../contracts/media.ts'
import { parsePlaylist } from './hls/testing/playlist-rules.ts'
import { commandOf, descendants } from '../testing/process-tree.ts'
import { TEST_ADMIN_PASSWORD } from '../testing/test-app.ts'
import { waitFor } from '../testing/wait-for.ts'

const run = promisify(execFile)
let f: FleetBackedApp
let url: string
let admin: string
let operator: string

beforeAll(async () => {
  f = await startFleetBackedApp({
    cameras: 4,
    settings: { LIVE_IDLE_STOP_S: '3', LIVE_STALL_S: '3' },
    // cam-t004 sends H.265: the console must transcode it for browsers.
    edit: (config) => {
      config.fleet = { ...config.fleet!, overrides: { 'cam-t004': { codec: 'h265' } } }
    },
  })
  url = await f.t.app.listen({ host: '127.0.0.1', port: 0 })
  admin = await f.t.login('admin', TEST_ADMIN_PASSWORD)
  await f.t.app.accounts.add({ username: 'op1', role: 'operator', password: 'operator-password' })
  operator = await f.t.login('op1', 'operator-password')
}, 120_000)
afterAll(async () => {
  await f?.close()
})

const get = (path: string, cookie = admin): Promise<Response> => fetch(`${url}${path}`, { headers: { cookie } })
const streams = async (): Promise<StreamInfo[]> =>
  ((await (await get('/api/streams')).json()) as { streams: StreamInfo[] }).streams
const live = (cameraId: string, quality: string) => async (): Promise<boolean> => {
  const response = await get(`/live/${cameraId}/${quality}/index.m3u8`)
  await response.body?.cancel()
  return response.status === 200
}
const restreamers = (cameraId: string): number[] =>
  descendants(process.pid).filter((pid) => {
    const c = commandOf(pid)
    return c.includes('ffmpeg') && c.includes(`/${cameraId}/`) && c.includes('pipe:1')
  })

async function probe(path: string, cookie = admin): Promise<string> {
  const { stdout } = await run(
    'ffprobe',
    [
      '-v',
      'error',
      '-headers',
      `Cookie: ${cookie}\r\n`,
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,width,height',
      '-of',
      'csv=p=0',
      `${url}${path}`,
    ],
    { timeout: 30_000 },
  )
  // HLS lists the stream under its program too: the first line says it.
  return stdout.trim().split('\n')[0]!.trim()
}

describe('live LL-HLS from memory', () => {
  it('the first playlist request waits for the first segment, then answers LL-HLS', async () => {
    const response = await get('/live/cam-t002/sub/index.m3u8')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/application\/vnd\.apple\.mpegurl/)
    const playlist = await response.text()
    for (const tag of [
      '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES',
      '#EXT-X-PART-INF:PART-TARGET=',
      '#EXT-X-MAP:URI=',
      '#EXTINF:',
      '#EXT-X-PART:',
      '#EXT-X-PRELOAD-HINT:TYPE=PART',
    ]) {
      expect(playlist).toContain(tag)
    }
  })

  it('ffprobe reads it over HTTP: H.264 at the sub stream size', async () => {
    expect(await probe('/live/cam-t002/sub/index.m3u8')).toBe('h264,640,360')
  })

  it('a blocking reload is held until the asked-for segment exists', async () => {
    const playlist = await (await get('/live/cam-t002/sub/index.m3u8')).text()
    const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)![1])
    const segments = playlist.split('\n').filter((l) => l.startsWith('#EXTINF')).length
    const next = sequence + segments
    const blocked = await (await get(`/live/cam-t002/sub/index.m3u8?_HLS_msn=${next}&_HLS_part=0`)).text()
    expect(blocked).toMatch(new RegExp(`#EXT-X-PART:[^\\n]*URI="[^"]+"`))
    expect(
      Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(blocked)![1]) +
        blocked.split('\n').filter((l) => l.startsWith('#EXTINF')).length,
    ).toBeGreaterThanOrEqual(next)
  })

  it('serves the init segment, parts and segments it lists, from memory', async () => {
    const playlist = await (await get('/live/cam-t002/sub/index.m3u8')).text()
    const names = [...playlist.matchAll(/URI="([^"]+)"/g)]
      .map((m) => m[1]!)
      .concat(playlist.split('\n').filter((l) => l.startsWith('seg-')))
    expect(names.some((n) => n.startsWith('init-'))).toBe(true)
    for (const name of names.filter((n) => !n.includes('PRELOAD')).slice(0, 6)) {
      const response = await get(`/live/cam-t002/sub/${name}`)
      expect(response.status, name).toBe(200)
      expect(response.headers.get('content-type')).toBe('video/mp4')
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0)
    }
  })

  it('refuses anyone without a session, unknown cameras, and every name that is not its own', async () => {
    expect((await fetch(`${url}/live/cam-t002/sub/index.m3u8`)).status).toBe(401)
    expect((await get('/live/cam-nope/sub/index.m3u8')).status).toBe(404)
    expect((await get('/live/cam-t002/hd/index.m3u8')).status).toBe(404)
    for (const name of [
      '..%2F..%2Fpackage.json',
      'seg-abc.m4s',
      'init.mp4',
      'seg-01.m4s',
      'index.m3u8.bak',
      'package.json',
    ]) {
      expect((await get(`/live/cam-t002/sub/${name}`)).status, name).toBe(404)
    }
  })

  it('one ffmpeg serves every viewer, and the stream list counts the viewers', async () => {
    await Promise.all([
      get('/live/cam-t003/sub/index.m3u8'),
      get('/live/cam-t003/sub/index.m3u8', operator),
      get('/live/cam-t003/sub/index.m3u8'),
    ])
    expect(restreamers('cam-t003')).toHaveLength(1)
    const info = (await streams()).find((s) => s.cameraId === 'cam-t003' && s.quality === 'sub')!
    expect(info).toMatchObject({ state: 'live', viewers: 2, mode: 'copy', codec: expect.stringMatching(/^avc1/) })
    expect(info.bitrateBps).toBeGreaterThan(50_000)
  })

  it('an H.265 camera is transcoded to H.264 and plays', async () => {
    const firstProbe = await probe('/live/cam-t004/sub/index.m3u8')
    expect(firstProbe).toBe('h264,640,360')
    expect((await streams()).find((s) => s.cameraId === 'cam-t004')).toMatchObject({ mode: 'transcode', state: 'live' })
  }, 60_000)

  it('a camera that drops the connection comes back by itself, with a discontinuity', async () => {
    await get('/live/cam-t001/sub/index.m3u8')
    f.fleet.dropCamera('cam-t001')
    // A player keeps asking meanwhile (so the stream is not idle); it never has to reload.
    await waitFor(
      async () => {
        await get('/live/cam-t001/sub/index.m3u8')
        const info = (await streams()).find((s) => s.cameraId === 'cam-t001')
        return info !== undefined && info.restarts >= 1 && info.state === 'live'
      },
      30_000,
      'cam-t001 restarted and live',
      300,
    )
    // The first segment after the restart is marked, so players reset their decoder there.
    await waitFor(
      async () => (await (await get('/live/cam-t001/sub/index.m3u8')).text()).includes('#EXT-X-DISCONTINUITY\n'),
      30_000,
      'a discontinuity in the playlist',
      300,
    )
  }, 90_000)

  it('a player starting after the camera dropped gets a 503 with the reason, not the seconds from before the drop', async () => {
    await waitFor(live('cam-t001', 'sub'), 30_000, 'cam-t001 sub answering', 300)
    f.fleet.setFaults('cam-t001', { offline: true })
    try {
      // The stream stays in use meanwhile (a playing viewer's blocking reloads), so its window is kept; a
      // player starting once the stream has had no media for 4 s gets the reason instead of old seconds.
      const refused = await waitFor(
        async () => {
          await get('/live/cam-t001/sub/index.m3u8?_HLS_msn=0')
          const response = await get('/live/cam-t001/sub/index.m3u8')
          if (response.status === 503) return response
          await response.body?.cancel()
          return undefined
        },
        30_000,
        'a 503 for a player starting after the drop',
        500,
      )
      expect(((await refused.json()) as { message: string }).message).toMatch(/^camera cam-t001: /)
    } finally {
      f.fleet.clearFaults('cam-t001')
    }
    await waitFor(live('cam-t001', 'sub'), 30_000, 'cam-t001 sub answering again', 300)
  }, 90_000)

  it('a camera that stalls is restarted by the watchdog and plays again once it sends', async () => {
    await get('/live/cam-t003/main/index.m3u8')
    f.fleet.setFaults('cam-t003', { stall: true })
    const main = async (): Promise<StreamInfo | undefined> => {
      await get('/live/cam-t003/main/index.m3u8?_HLS_msn=0')
      return (await streams()).find((s) => s.cameraId === 'cam-t003' && s.quality === 'main')
    }
    await waitFor(async () => ((await main())?.restarts ?? 0) >= 1, 30_000, 'the watchdog to restart cam-t003', 300)
    expect((await main())?.lastError).toBe('no video from the camera for 3 s')
    f.fleet.clearFaults('cam-t003')
    await waitFor(async () => (await main())?.state === 'live', 30_000, 'cam-t003 main live again', 300)
    expect(await probe('/live/cam-t003/main/index.m3u8')).toBe('h264,1280,720')
  }, 90_000)

  it('a wrong password gives a 503 that says so', async () => {
    f.fleet.setFaults('cam-t002', { wrongPassword: true })
    try {
      const started = Date.now()
      const response = await get('/live/cam-t002/main/index.m3u8')
      expect(response.status).toBe(503)
      // Said as soon as the camera refuses, not when the hold times out: a stream with no segment yet holds
      // a first request for 15 s (LivePackager.blockingTimeoutMs), so an answer before that came from the
      // refusal, however slow the machine.
      expect(Date.now() - started).toBeLessThan(15_000)
      expect(await response.json()).toMatchObject({
        code: 'camera.auth-failed',
        params: {},
        message: 'camera cam-t002: the camera refused the username or password',
      })
    } finally {
      f.fleet.clearFaults('cam-t002')
    }
  }, 90_000)

  it('stops a stream nobody requests, ending its ffmpeg', async () => {
    await get('/live/cam-t001/main/index.m3u8')
    expect(restreamers('cam-t001').length).toBeGreaterThan(0)
    await waitFor(
      async () => restreamers('cam-t001').length === 0 && !(await streams()).some((s) => s.cameraId === 'cam-t001'),
      30_000,
      'cam-t001 stopped and its ffmpeg ended',
      300,
    )
  }, 90_000)

  // A stream no earlier test watched: an earlier viewer's session (open until it idles out) would count.
  it('prefetch starts a stream without counting a viewer, and a player then joins it at once', async () => {
    const prefetch = () =>
      fetch(`${url}/api/streams/prefetch`, {
        method: 'POST',
        headers: { cookie: operator, 'content-type': 'application/json' },
        body: JSON.stringify({ streams: [{ cameraId: 'cam-t004', quality: 'main' }] }),
      })
    expect((await prefetch()).status).toBe(202)
    // Prefetched again while it starts, as a tour does: on a slow machine a cold start can outlast this
    // server's 3 s idle stop, which would end the stream before it is live.
    const prefetched = await waitFor(
      async () =>
        (await prefetch()).ok
          ? (await streams()).find((s) => s.cameraId === 'cam-t004' && s.quality === 'main' && s.state === 'live')
          : undefined,
      30_000,
      'the prefetched cam-t004 main live',
      300,
    )
    expect(prefetched.viewers).toBe(0)
    const started = Date.now()
    const playlist = await get('/live/cam-t004/main/index.m3u8')
    expect(playlist.status).toBe(200)
    // How fast is for the benchmarks (bench:media warm join, bench:console tour prefetch); here: the player
    // joined the running stream instead of starting its own.
    console.info(`prefetched cam-t004 main: playlist in ${Date.now() - started} ms`)
    const joined = (await streams()).find((s) => s.cameraId === 'cam-t004' && s.quality === 'main')
    expect(joined).toMatchObject({ startedAt: prefetched.startedAt, restarts: prefetched.restarts, viewers: 1 })
    // Started alone: the quick start's short segments (server/media/stream-manager.ts, StartedAs).
    expect(parsePlaylist(await playlist.text()).segments[0]?.duration).toBe(0.08)
  })

  it('streams prefetched together start with the 600 ms lead segment', async () => {
    const pair = [
      { cameraId: 'cam-t001', quality: 'main' },
      { cameraId: 'cam-t003', quality: 'main' },
    ]
    const running = async () =>
      (await streams()).filter((s) => pair.some((p) => p.cameraId === s.cameraId && p.quality === s.quality))
    // Earlier tests may have started them; they stop after the 3 s idle time.
    await waitFor(async () => (await running()).length === 0, 30_000, 'earlier streams to stop', 300)
    const response = await fetch(`${url}/api/streams/prefetch`, {
      method: 'POST',
      headers: { cookie: operator, 'content-type': 'application/json' },
      body: JSON.stringify({ streams: pair }),
    })
    expect(response.status).toBe(202)
    // Both asked at once: one after the other, the second could idle out (3 s here) while the first starts.
    const playlists = await Promise.all(
      pair.map(({ cameraId, quality }) => get(`/live/${cameraId}/${quality}/index.m3u8`)),
    )
    for (const playlist of playlists) expect(parsePlaylist(await playlist.text()).segments[0]?.duration).toBe(0.6)
  }, 90_000)

  it('records who watched which camera, at which quality', async () => {
    const rows = f.t.app.db
      .prepare(
        "SELECT username, camera_id, quality FROM viewing_sessions WHERE camera_id = 'cam-t003' AND quality = 'sub' ORDER BY username",
      )
      .all()
    expect(rows).toEqual([
      { username: 'admin', camera_id: 'cam-t003', quality: 'sub' },
      { username: 'op1', camera_id: 'cam-t003', quality: 'sub' },
    ])
  })

  it('a snapshot of a running stream comes from memory as a JPEG', async () => {
    await get('/live/cam-t003/sub/index.m3u8')
    const response = await get('/api/cameras/cam-t003/snapshot.jpg')
    expect(response.status).toBe(200)
    const body = Buffer.from(await response.arrayBuffer())
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
  })
})
