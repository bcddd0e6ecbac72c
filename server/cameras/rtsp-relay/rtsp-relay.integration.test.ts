/**
 * The RTSP relay against the real simulated fleet (digest auth, RTSP over TCP) with real ffmpeg, started
 * with the restreamer's own arguments (no probing).
 */
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFleet, type RunningFleet } from '../../../fixtures/fleet/fleet.ts'
import { RtspTestClient } from '../../../fixtures/fleet/rtsp/rtsp-test-client.ts'
import { fleetSpecFromConfig } from '../../../fixtures/fleet/fleet-spec-from-config.ts'
import { mediaDir, withCredentials } from '../../../fixtures/fleet/testing/fleet-test-helpers.ts'
import { loadCameraConfig } from '../../config/load-camera-config.ts'
import { maskUrlCredentials } from '../../http/log-redaction.ts'
import { explainFfmpegError } from '../../media/ffmpeg-errors.ts'
import { fmp4MovFlags } from '../../media/hls/fmp4-output-args.ts'
import { buildRestreamArgs } from '../../media/restream-args.ts'
import type { Logger } from '../../process/logger.ts'
import { waitUntil } from '../../testing/wait-for.ts'
import { makeTempDir } from '../../testing/temp-dir.ts'
import { freePort, testCameraPassword, writeTestCameraConfig } from '../../testing/test-camera-config.ts'
import { CameraCredentials } from '../camera-credentials.ts'
import { RtspRelay } from './rtsp-relay.ts'

const WRONG_PASSWORD = 'not-the-password-7Qx'
let fleet: RunningFleet
let relay: RtspRelay
/** Everything the relay logged, as JSON lines. */
const logged: string[] = []
const record = (obj: object, msg?: string): void => void logged.push(JSON.stringify({ ...obj, msg }))
const recorder: Logger = { debug: record, info: record, warn: record, error: record }
/** Every token handed out, to check none was logged. */
const tokens: string[] = []
const dir = makeTempDir('rtsp-relay')
const credentials = (id: string): CameraCredentials => new CameraCredentials('admin', testCameraPassword(id))

beforeAll(async () => {
  writeTestCameraConfig(dir.path, { rtspPort: await freePort(), httpPort: await freePort() }, 2)
  const spec = fleetSpecFromConfig(loadCameraConfig(dir.path, {}), mediaDir, {})
  if (!spec) throw new Error('the test configuration has no fleet')
  fleet = await startFleet(spec, { idleGraceMs: 300 })
  relay = new RtspRelay({ logger: recorder })
  const register = relay.register.bind(relay)
  relay.register = (...args) => {
    const lease = register(...args)
    tokens.push(new URL(lease.url).pathname.split('/')[1]!)
    return lease
  }
  await relay.listen()
}, 120_000)
afterAll(async () => {
  // Nothing the relay logged, on any path above, holds a password or a token.
  const log = logged.join('\n')
  expect(logged.length).toBeGreaterThan(0)
  for (const secret of [...tokens, testCameraPassword('cam-t001'), testCameraPassword('cam-t002'), WRONG_PASSWORD])
    expect(log.includes(secret), 'a secret in the relay log').toBe(false)
  await relay?.close()
  await fleet?.close()
  dir.remove()
})

interface Pull {
  code: number | null
  stderr: string
  bytes: number
  /** From spawn to ffmpeg's first fMP4 byte on stdout. */
  firstByteMs: number | undefined
}

/** ffmpeg as the restreamer runs it, for `frames` frames; ended by its PID if it runs past the deadline. */
function pull(url: string, frames: number, onFirstByte?: () => void, asUser?: number): Promise<Pull> {
  const args = buildRestreamArgs({
    url,
    mode: 'copy',
    quality: 'sub',
    outputArgs: ['-frames:v', String(frames), '-f', 'mp4', '-movflags', fmp4MovFlags, 'pipe:1'],
  })
  const started = performance.now()
  const command =
    asUser === undefined
      ? ['ffmpeg', ...args]
      : ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', 'ffmpeg', ...args]
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  let bytes = 0
  let firstByteMs: number | undefined
  child.stdout.on('data', (chunk: Buffer) => {
    if (firstByteMs === undefined) {
      firstByteMs = performance.now() - started
      onFirstByte?.()
    }
    bytes += chunk.length
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr, bytes, firstByteMs })
    }),
  )
}

/** One raw RTSP request to the relay: the whole answer, once the relay has closed the connection. */
function rawRequest(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: relay.port })
    let answer = ''
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
    socket.on('error', reject)
    socket.on('close', () => resolve(answer))
    socket.write(`OPTIONS ${url} RTSP/1.0\r\nCSeq: 1\r\n\r\n`)
  })
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

describe('the RTSP relay', () => {
  it('plays a digest-protected camera for ffmpeg, whose URL holds no password, and releases it after', async () => {
    const lease = relay.register(fleet.rtspUrl('cam-t002', 'sub'), credentials('cam-t002'), 'cam-t002/sub')
    expect(lease.url).toMatch(new RegExp(`^rtsp://127\\.0\\.0\\.1:${relay.port}/[\\w-]{32}/cam-t002/sub$`))
    expect(lease.url).not.toContain(testCameraPassword('cam-t002'))
    const result = await pull(lease.url, 50)
    expect(result.stderr).not.toMatch(/error|failed/i)
    expect(result.code).toBe(0)
    expect(result.bytes).toBeGreaterThan(10_000)
    lease.release()
    expect(relay.registered).toBe(0)
  }, 60_000)

  it('answers keep-alives and TEARDOWN between interleaved media, which keeps flowing', async () => {
    const lease = relay.register(fleet.rtspUrl('cam-t002', 'sub'), credentials('cam-t002'), 'cam-t002/sub')
    // A client with no password at all: the relay answers the camera's challenge.
    const client = new RtspTestClient(lease.url, '', '')
    await client.connect()
    try {
      const play = await client.play()
      expect(play.status).toBe(200)
      expect(play.headers['rtp-info']).toContain(`url=${lease.url}/`)
      expect(await waitUntil(() => client.packets > 20, 10_000)).toBe(true)
      const keepAlive = await client.request('GET_PARAMETER', `${lease.url}/`)
      expect([keepAlive.status, keepAlive.headers['cseq']]).toEqual([200, '4'])
      const before = client.packets
      expect(await waitUntil(() => client.packets > before + 20, 10_000)).toBe(true)
      expect((await client.request('TEARDOWN', `${lease.url}/`)).status).toBe(200)
    } finally {
      client.close()
      lease.release()
    }
  }, 60_000)

  it('passes a refused password to ffmpeg as the 401 the media domain explains', async () => {
    const lease = relay.register(
      fleet.rtspUrl('cam-t002', 'sub'),
      new CameraCredentials('admin', WRONG_PASSWORD),
      'cam-t002/sub',
    )
    const result = await pull(lease.url, 5)
    lease.release()
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('401 Unauthorized')
    expect(explainFfmpegError(result.stderr)?.message).toBe('the camera refused the username or password')
  }, 60_000)

  it("says why a camera cannot be reached in the words ffmpeg's own errors use", async () => {
    const lease = relay.register(`rtsp://127.0.0.1:${await freePort()}/x`, credentials('x'), 'cam-x/sub')
    const result = await pull(lease.url, 5)
    lease.release()
    expect(result.code).not.toBe(0)
    expect(explainFfmpegError(result.stderr)?.message).toBe('the camera refused the connection')
    // ffmpeg repeats its URL in the error; the supervisor's log of it must not hold the token.
    const token = new URL(lease.url).pathname.split('/')[1]!
    expect(result.stderr).toContain(token)
    expect(maskUrlCredentials(result.stderr)).not.toContain(token)
  }, 60_000)

  it('answers 404 to an unknown or released token and closes the connection; one connection per token', async () => {
    expect(await rawRequest(`rtsp://127.0.0.1:${relay.port}/not-a-token/cam-t002/sub`)).toMatch(
      /^RTSP\/1\.0 404 Not Found\r\nCSeq: 1\r\n/,
    )
    const lease = relay.register(fleet.rtspUrl('cam-t001', 'sub'), credentials('cam-t001'), 'cam-t001/sub')
    let receiving = false
    const playing = pull(lease.url, 10_000, () => (receiving = true))
    expect(await waitUntil(() => receiving, 20_000)).toBe(true)
    // While ffmpeg holds the token, nobody else may use it.
    expect(await rawRequest(lease.url)).toMatch(/^RTSP\/1\.0 503 Stream in use\r\nCSeq: 1\r\n/)
    // Releasing ends ffmpeg's connection at once, and the token with it.
    lease.release()
    const ended = await playing
    expect(ended.bytes).toBeGreaterThan(0)
    expect(await rawRequest(lease.url)).toMatch(/^RTSP\/1\.0 404 Not Found/)
  }, 60_000)

  // Needs root to run ffmpeg as another user; the uid check itself is table-tested in peer-uid.test.ts.
  it.runIf(process.getuid?.() === 0)(
    'refuses another local user who read the token from the command line; the stream itself still plays',
    async () => {
      const lease = relay.register(fleet.rtspUrl('cam-t002', 'sub'), credentials('cam-t002'), 'cam-t002/sub')
      const nobody = await pull(lease.url, 5, undefined, 65534)
      expect(nobody.code).not.toBe(0)
      expect(nobody.bytes).toBe(0)
      expect(logged.some((line) => line.includes('another local user'))).toBe(true)
      const own = await pull(lease.url, 5)
      lease.release()
      expect(own.code).toBe(0)
    },
    60_000,
  )

  it('costs the first byte little: ffmpeg direct and through the relay, alternately', async () => {
    const direct = withCredentials(fleet.rtspUrl('cam-t002', 'sub'), 'admin', testCameraPassword('cam-t002'))
    await pull(direct, 2) // the fleet's looper for this clip is started
    const times: Record<'direct' | 'relay', number[]> = { direct: [], relay: [] }
    for (let i = 0; i < 5; i++) {
      const d = await pull(direct, 2)
      const lease = relay.register(fleet.rtspUrl('cam-t002', 'sub'), credentials('cam-t002'), 'cam-t002/sub')
      const r = await pull(lease.url, 2)
      lease.release()
      expect([d.code, r.code]).toEqual([0, 0])
      times.direct.push(d.firstByteMs!)
      times.relay.push(r.firstByteMs!)
    }
    console.log(
      `first fMP4 byte, median of 5: direct ${median(times.direct).toFixed(0)} ms, relay ${median(times.relay).toFixed(0)} ms`,
    )
  }, 120_000)
})
