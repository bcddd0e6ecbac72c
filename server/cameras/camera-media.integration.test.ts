/**
 * Stream sources, snapshots and PTZ against the real simulated fleet on loopback: real ONVIF, RTSP,
 * HTTP digest, ffmpeg and SQLite. Cameras (writeTestCameraConfig): t001 ONVIF+PTZ, t002 RTSP, t003 ONVIF
 * with a password full of URL-reserved characters, t004 RTSP, t005 ONVIF, t006 RTSP.
 */
import { execFile } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN_PASSWORD } from '../testing/test-app.ts'
import { eventually, waitFor } from '../testing/wait-for.ts'
import { CameraMediaRepository } from './camera-media-repository.ts'
import { CameraStreamSources } from './camera-stream-sources.ts'
import { silentLogger } from '../process/logger.ts'
import { StreamSourceError } from './stream-source.ts'
import { startFleetBackedApp, type FleetBackedApp } from './testing/fleet-backed-app.ts'

// ASCII: the onvif package hashes WS-Security passwords as ASCII (see camera-sources-plugin.ts).
const ODD_PASSWORD = 'p@ss:w/rd%41#?&x'
let f: FleetBackedApp
let admin: string
const passwords: string[] = []

beforeAll(async () => {
  f = await startFleetBackedApp({
    cameras: 6,
    edit: (config) => {
      const t003 = config.cameras[2]!.source
      if (t003.type === 'onvif') t003.password = ODD_PASSWORD
      // An RTSP camera (no snapshot URI) with a long GOP: its snapshot waits for the next keyframe.
      config.fleet = { ...config.fleet!, overrides: { 'cam-t004': { gopSeconds: 10 } } }
    },
  })
  for (const c of f.config.cameras)
    if (c.source.type !== 'rtmp-push' && c.source.password) passwords.push(c.source.password)
  admin = await f.t.login('admin', TEST_ADMIN_PASSWORD)
  for (const [username, role, department] of [
    ['op', 'operator', undefined],
    ['boss', 'supervisor', undefined],
    ['wall', 'wall', undefined],
    ['police', 'department', 'police'],
  ] as const) {
    await f.t.app.accounts.add({ username, role, department, password: `${username}-password-1` })
  }
})
afterAll(async () => {
  await f?.close()
})

/** `rtsp://127.0.0.1:<relay>/<token>/<camera>/<quality>`: no user, no password. */
const relayUrl = (cameraId: string, quality: string): RegExp =>
  new RegExp(`^rtsp://127\\.0\\.0\\.1:${f.t.app.rtspRelay.port}/[A-Za-z0-9_-]{32}/${cameraId}/${quality}$`)

const expectNoSecret = (text: string): void => {
  for (const p of passwords) expect(text).not.toContain(p)
}

function ffprobe(url: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      'ffprobe',
      [
        '-v',
        'error',
        '-rtsp_transport',
        'tcp',
        '-show_entries',
        'stream=codec_name,width,height',
        '-of',
        'csv=p=0',
        url,
      ],
      { timeout: 15_000 },
      (_error, stdout) => resolve(stdout.trim()),
    )
  })
}

describe('stream sources', () => {
  it("resolve an ONVIF camera's main and sub stream: ffmpeg gets a relay URL, the password stays in the server", async () => {
    const main = await f.t.app.streamSources.resolve('cam-t001', 'main')
    const sub = await f.t.app.streamSources.resolve('cam-t001', 'sub')
    expect(main).toEqual({
      url: expect.stringMatching(relayUrl('cam-t001', 'main')),
      displayUrl: f.fleet.rtspUrl('cam-t001', 'main'),
      codec: 'h264',
      width: 1280,
      height: 720,
      release: expect.any(Function),
    })
    expect(sub).toMatchObject({
      displayUrl: f.fleet.rtspUrl('cam-t001', 'sub'),
      codec: 'h264',
      width: 640,
      height: 360,
    })
    expectNoSecret(main.url)
    main.release()
    sub.release()
  })

  it('give explicit RTSP cameras their configured URLs, through the relay', async () => {
    const sub = await f.t.app.streamSources.resolve('cam-t002', 'sub')
    expect(sub).toEqual({
      url: expect.stringMatching(relayUrl('cam-t002', 'sub')),
      displayUrl: f.fleet.rtspUrl('cam-t002', 'sub'),
      codec: 'unknown',
      release: expect.any(Function),
    })
    expect(await ffprobe(sub.url)).toBe('h264,640,360')
    sub.release()
  })

  it('log in with a password full of reserved characters (the relay sends it as configured)', async () => {
    const sub = await f.t.app.streamSources.resolve('cam-t003', 'sub')
    expect(sub.displayUrl).toBe(f.fleet.rtspUrl('cam-t003', 'sub'))
    expect(await ffprobe(sub.url)).toBe('h264,640,360')
    sub.release()
  })

  it('resolve concurrent callers once, store the result without credentials, and ask again after invalidate', async () => {
    const streams = f.t.app.streamSources
    const before = streams.onvifResolutions
    await Promise.all(Array.from({ length: 10 }, (_, i) => streams.resolve('cam-t005', i % 2 ? 'main' : 'sub')))
    expect(streams.onvifResolutions - before).toBe(1)
    const rows = f.t.app.db.prepare('SELECT * FROM camera_media').all()
    expect(rows.length).toBeGreaterThanOrEqual(3)
    expectNoSecret(JSON.stringify(rows))
    expect(JSON.stringify(rows)).not.toContain('admin:')

    // A restart reads the store: no ONVIF request at all.
    const restarted = new CameraStreamSources(
      f.t.app.cameraSources,
      f.t.app.onvifDevices,
      new CameraMediaRepository(f.t.app.db),
      silentLogger,
      f.t.app.rtspRelay,
    )
    await restarted.resolve('cam-t005', 'main')
    expect(restarted.onvifResolutions).toBe(0)

    streams.invalidate('cam-t005')
    await streams.resolve('cam-t005', 'main')
    expect(streams.onvifResolutions - before).toBe(2)
  })

  it('fail with the reason: unknown camera, refused password, camera gone', async () => {
    const streams = f.t.app.streamSources
    await expect(streams.resolve('cam-nobody', 'main')).rejects.toMatchObject({ kind: 'unknown-camera' })
    f.fleet.setFaults('cam-t005', { wrongPassword: true })
    streams.invalidate('cam-t005')
    const refused = await streams.resolve('cam-t005', 'main').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(StreamSourceError)
    expect(refused).toMatchObject({
      kind: 'auth-failed',
      message: expect.stringContaining('refused the configured user name or password'),
    })
    f.fleet.setFaults('cam-t005', { wrongPassword: false, offline: true })
    await expect(streams.resolve('cam-t005', 'main')).rejects.toMatchObject({ kind: 'unreachable' })
    f.fleet.clearFaults('cam-t005')
    await expect(streams.resolve('cam-t005', 'main')).resolves.toMatchObject({ codec: 'h264' })
  })
})

describe('GET /api/cameras/:id/snapshot.jpg', () => {
  const snapshot = (id: string, cookie = admin) =>
    f.t.app.inject({ url: `/api/cameras/${id}/snapshot.jpg`, headers: { cookie } })

  it("gives an ONVIF camera's JPEG from its snapshot URI and an RTSP camera's from one ffmpeg frame", async () => {
    const wall = await f.t.login('wall', 'wall-password-1')
    for (const [id, origin] of [
      ['cam-t001', 'onvif'],
      ['cam-t004', 'stream'],
    ] as const) {
      const started = performance.now()
      const response = await snapshot(id, wall)
      console.info(`snapshot ${id} (${origin}), cold: ${(performance.now() - started).toFixed(0)} ms`)
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('image/jpeg')
      expect(response.headers['x-snapshot-origin']).toBe(origin)
      expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
    }
  })

  it("waits for a long-GOP camera's next keyframe, past the 5 s socket timeout", async () => {
    // Sessions of a camera without parameter sets in its SDP start mid-GOP: the grab must wait for the
    // keyframe (0-10 s away here), whatever the phase.
    f.fleet.setFaults('cam-t004', { bareSdp: true })
    try {
      // A picture from the first test may still be reused: ask until one is fetched from the camera.
      const before = f.t.app.cameraSnapshots.upstreamFetches
      let response: Awaited<ReturnType<typeof snapshot>> | undefined
      const started = performance.now()
      await waitFor(
        async () => {
          response = await snapshot('cam-t004')
          return f.t.app.cameraSnapshots.upstreamFetches > before
        },
        40_000,
        'a snapshot fetched from cam-t004',
        100,
      )
      console.info(`snapshot of a 10 s GOP camera: ${(performance.now() - started).toFixed(0)} ms`)
      expect(response!.statusCode).toBe(200)
      expect(response!.headers['x-snapshot-origin']).toBe('stream')
      expect([...response!.rawPayload.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
    } finally {
      f.fleet.clearFaults('cam-t004')
    }
  }, 60_000)

  it('shares one fetch among concurrent requests and reuses it for a second', async () => {
    const service = f.t.app.cameraSnapshots
    // A camera no other snapshot test asks for: nothing of it is in the reuse window yet.
    const before = service.upstreamFetches
    const started = performance.now()
    const responses = await Promise.all(Array.from({ length: 20 }, () => snapshot('cam-t005')))
    const ms = performance.now() - started
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200))
    expect(service.upstreamFetches - before).toBe(1)
    const warmStarted = performance.now()
    await snapshot('cam-t005')
    console.info(
      `snapshot: 20 concurrent in ${ms.toFixed(0)} ms, then warm (reused) in ${(performance.now() - warmStarted).toFixed(1)} ms`,
    )
    expect(service.upstreamFetches - before).toBe(1)
    // Once the window has passed, a request fetches anew.
    await waitFor(
      async () => {
        await snapshot('cam-t005')
        return service.upstreamFetches - before === 2
      },
      30_000,
      'a fresh fetch after the reuse window',
      200,
    )
  })

  it('answers 404 for an unknown camera, 504 for a silent one, 502 for a refused password, never with a secret', async () => {
    const unknown = await snapshot('cam-nobody')
    expect([unknown.statusCode, unknown.json().message]).toEqual([404, 'no camera "cam-nobody"'])
    f.fleet.setFaults('cam-t006', { offline: true })
    const silent = await snapshot('cam-t006')
    expect(silent.statusCode).toBe(504)
    expect(silent.json().message).toMatch(/^camera cam-t006 could not give a picture: /)
    expect(silent.json()).toMatchObject({ code: 'camera.unreachable', params: {} })
    f.fleet.clearFaults('cam-t006')
    f.fleet.setFaults('cam-t003', { wrongPassword: true })
    f.t.app.streamSources.invalidate('cam-t003')
    const refused = await snapshot('cam-t003')
    expect(refused.statusCode).toBe(502)
    expect(refused.json().message).toContain('refused the configured user name or password')
    expect(refused.json()).toMatchObject({ code: 'camera.auth-failed', params: {} })
    f.fleet.clearFaults('cam-t003')
    for (const r of [unknown, silent, refused]) expectNoSecret(r.body)
  })
})

describe('PTZ', () => {
  const ptz = (id: string, payload: object, cookie = admin) =>
    f.t.app.inject({ method: 'POST', url: `/api/cameras/${id}/ptz`, headers: { cookie }, payload })

  it('moves, stops and goes to a preset on the camera', async () => {
    const op = await f.t.login('op', 'op-password-1')
    expect((await ptz('cam-t001', { action: 'move', pan: 0.5, tilt: -0.25, zoom: 0 }, op)).statusCode).toBe(204)
    expect(f.fleet.ptzState('cam-t001').velocity).toEqual({ x: 0.5, y: -0.25, zoom: 0 })
    expect((await ptz('cam-t001', { action: 'stop' }, op)).statusCode).toBe(204)
    expect(f.fleet.ptzState('cam-t001').velocity).toBeNull()
    expect((await ptz('cam-t001', { action: 'preset', preset: 'preset-2' }, op)).statusCode).toBe(204)
    expect(f.fleet.ptzState('cam-t001').preset).toBe('preset-2')
    const presets = await f.t.app.inject({ url: '/api/cameras/cam-t001/ptz/presets', headers: { cookie: op } })
    expect(presets.json()).toEqual({
      presets: [
        { token: 'preset-1', name: 'Main gate' },
        { token: 'preset-2', name: 'Crossing' },
        { token: 'preset-3', name: 'Market street' },
      ],
    })
  })

  it('an unknown preset is a 404 naming it and the presets there are; the camera does not move', async () => {
    const before = f.fleet.ptzState('cam-t001').preset
    const response = await ptz('cam-t001', { action: 'preset', preset: 'preset-9' })
    expect(response.statusCode).toBe(404)
    expect(response.json().message).toBe(
      'camera cam-t001 has no preset "preset-9" (its presets: preset-1, preset-2, preset-3)',
    )
    expect(f.fleet.ptzState('cam-t001').preset).toBe(before)
  })

  it('stops a move by itself when its time is up', async () => {
    expect((await ptz('cam-t001', { action: 'move', pan: 0, tilt: 0, zoom: 0.5, timeoutMs: 200 })).statusCode).toBe(204)
    expect(f.fleet.ptzState('cam-t001').velocity).toEqual({ x: 0, y: 0, zoom: 0.5 })
    await eventually(
      () =>
        expect(f.fleet.ptzState('cam-t001')).toMatchObject({
          velocity: null,
          commands: expect.arrayContaining(['Stop']),
        }),
      30_000,
    )
  })

  it('is for operators, supervisors and admins: the wall and departments get 403', async () => {
    const boss = await f.t.login('boss', 'boss-password-1')
    expect((await ptz('cam-t001', { action: 'stop' }, boss)).statusCode).toBe(204)
    for (const [user, password] of [
      ['wall', 'wall-password-1'],
      ['police', 'police-password-1'],
    ]) {
      const cookie = await f.t.login(user!, password!)
      const response = await ptz('cam-t001', { action: 'stop' }, cookie)
      expect([response.statusCode, response.json().message]).toEqual([
        403,
        expect.stringContaining('this needs the role admin or supervisor or operator'),
      ])
      expect((await f.t.app.inject({ url: '/api/cameras/cam-t001/ptz/presets', headers: { cookie } })).statusCode).toBe(
        403,
      )
    }
  })

  it.each([
    ['a fixed ONVIF camera is 409', 'cam-t003', { action: 'stop' }, 409, 'has no PTZ'],
    ['an RTSP camera is 409', 'cam-t002', { action: 'stop' }, 409, 'has no PTZ'],
    ['an unknown camera is 404', 'cam-nobody', { action: 'stop' }, 404, 'no camera "cam-nobody"'],
    ['a speed beyond 1 is 400', 'cam-t001', { action: 'move', pan: 2, tilt: 0, zoom: 0 }, 400, 'invalid request'],
    [
      'a preset token that could inject XML is 400',
      'cam-t001',
      { action: 'preset', preset: '<x/>' },
      400,
      'invalid request',
    ],
    [
      'an unknown preset is 404, asked of the camera before it is told to move',
      'cam-t001',
      { action: 'preset', preset: 'preset-9' },
      404,
      'has no preset "preset-9"',
    ],
  ] as const)('%s', async (_name, id, payload, status, message) => {
    const response = await ptz(id, payload)
    expect(response.statusCode).toBe(status)
    expect(response.json().message).toContain(message)
  })
})
