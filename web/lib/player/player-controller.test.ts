import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  PlayerController,
  type EngineEvents,
  type PlayerStatus,
  type Timers,
  type VideoSurface,
} from './player-controller.ts'
import { backoffMs, BACKOFF_MAX_MS, decideRecovery, StallDetector, type PlayerError } from './player-recovery.ts'
import { problemFromBody } from '../api-client.ts'

// The server's 503 bodies (server/media/live-routes.ts), as the adapter reads them.
const authFailed = problemFromBody({
  statusCode: 503,
  error: 'Service Unavailable',
  code: 'camera.auth-failed',
  params: {},
  message: 'camera cam-0001: the camera refused the username or password',
})
const offline = problemFromBody({
  statusCode: 503,
  error: 'Service Unavailable',
  code: 'camera.offline',
  params: {},
  message: 'camera cam-1: the camera has no such stream (404)',
})
const stopped = problemFromBody({
  statusCode: 404,
  error: 'Not Found',
  code: 'stream.stopped',
  params: {},
  message: 'camera cam-1 main: the stream was stopped',
})

const sessionEnded = problemFromBody({
  statusCode: 401,
  error: 'Unauthorized',
  code: 'auth.session-ended',
  params: {},
  message: 'your session has ended; please log in again',
})

const error = (over: Partial<PlayerError>): PlayerError => ({
  fatal: true,
  type: 'networkError',
  details: 'fragLoadError',
  httpStatus: null,
  serverProblem: null,
  ...over,
})

describe('decideRecovery', () => {
  const fresh = { attempt: 0, lastMediaRecoveryAt: null }
  const cases: Array<
    [string, PlayerError, { attempt: number; lastMediaRecoveryAt: number | null }, ReturnType<typeof decideRecovery>]
  > = [
    [
      'a non-fatal error is left to hls.js',
      error({ fatal: false, details: 'bufferStalledError', type: 'mediaError' }),
      fresh,
      { kind: 'ignore' },
    ],
    [
      'a first fatal media error recovers the media in place',
      error({ type: 'mediaError', details: 'bufferAppendError' }),
      fresh,
      { kind: 'recover-media' },
    ],
    [
      'a second fatal media error within 10 s rebuilds the player',
      error({ type: 'mediaError' }),
      { attempt: 0, lastMediaRecoveryAt: 95_000 },
      { kind: 'reload', afterMs: 1_000 },
    ],
    [
      'a fatal media error long after the last recovery recovers in place again',
      error({ type: 'mediaError' }),
      { attempt: 0, lastMediaRecoveryAt: 50_000 },
      { kind: 'recover-media' },
    ],
    [
      'a 503 on the playlist shows the server reason and retries after the back-off',
      error({
        details: 'manifestLoadError',
        httpStatus: 503,
        serverProblem: authFailed,
      }),
      { attempt: 2, lastMediaRecoveryAt: null },
      { kind: 'unavailable', problem: authFailed, afterMs: 4_000 },
    ],
    [
      'a 404 with a message (stream stopped) is shown too',
      error({ details: 'levelLoadError', httpStatus: 404, serverProblem: stopped }),
      fresh,
      { kind: 'unavailable', problem: stopped, afterMs: 1_000 },
    ],
    [
      'a 401 on the playlist means the session ended: wait for a sign-in',
      error({ details: 'manifestLoadError', httpStatus: 401, serverProblem: sessionEnded }),
      fresh,
      { kind: 'signed-out', problem: sessionEnded, afterMs: 1_000 },
    ],
    [
      'a fatal network error without an answer reloads after the back-off',
      error({ details: 'manifestLoadTimeOut' }),
      { attempt: 1, lastMediaRecoveryAt: null },
      { kind: 'reload', afterMs: 2_000 },
    ],
    [
      'any other fatal error reloads',
      error({ type: 'otherError', details: 'internalException' }),
      fresh,
      { kind: 'reload', afterMs: 1_000 },
    ],
  ]
  for (const [name, e, history, expected] of cases) {
    it(name, () => expect(decideRecovery(e, history, 100_000)).toEqual(expected))
  }

  it('the back-off doubles and is capped', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(backoffMs)).toEqual([
      1_000,
      2_000,
      4_000,
      8_000,
      BACKOFF_MAX_MS,
      BACKOFF_MAX_MS,
      BACKOFF_MAX_MS,
    ])
  })
})

describe('StallDetector', () => {
  const limits = { startMs: 20_000, frozenMs: 2_500, playingMs: 6_000 }

  it('allows the long start limit before the first frame, then reports frozen and stalled', () => {
    const d = new StallDetector(0, limits)
    expect(d.sample(0, false, 1_000)).toBe('waiting')
    expect(d.sample(0, false, 15_000)).toBe('waiting')
    expect(d.sample(0.5, false, 16_000)).toBe('moving')
    expect(d.sample(1.5, false, 17_000)).toBe('moving')
    expect(d.sample(1.5, false, 19_000)).toBe('moving')
    expect(d.sample(1.5, false, 20_000)).toBe('frozen')
    expect(d.sample(1.5, false, 23_500)).toBe('stalled')
  })

  it('a currentTime that jitters back and forth in place (hls.js live sync) is frozen, not moving', () => {
    const d = new StallDetector(0, limits)
    d.sample(10, false, 0)
    expect(d.sample(11, false, 1_000)).toBe('moving')
    expect(d.sample(10.6, false, 2_000)).toBe('moving')
    expect(d.sample(10.9, false, 3_000)).toBe('moving')
    expect(d.sample(10.7, false, 4_000)).toBe('frozen')
    expect(d.sample(11.02, false, 7_500)).toBe('stalled')
  })

  it('counts how long the picture has moved without a freeze', () => {
    const d = new StallDetector(0, limits)
    d.sample(0, false, 0)
    for (let s = 1; s <= 5; s++) d.sample(s, false, s * 1_000)
    expect(d.movingForMs(5_000)).toBe(4_000)
    d.sample(5, false, 8_000)
    expect(d.movingForMs(8_000)).toBe(0)
  })

  it('a paused video is never stalled', () => {
    const d = new StallDetector(0, { startMs: 1_000, frozenMs: 500, playingMs: 1_000 })
    expect(d.sample(3, true, 60_000)).toBe('waiting')
    expect(d.sample(3, true, 120_000)).toBe('waiting')
  })

  it('gives up on a video that never starts after the start limit', () => {
    const d = new StallDetector(0, limits)
    expect(d.sample(0, false, 1_000)).toBe('waiting')
    expect(d.sample(0, false, 21_500)).toBe('stalled')
  })
})

/** A stand-in for hls.js: records calls; the test raises errors through `events`. */
class FakeEngine {
  loads: string[] = []
  destroyed = false
  handedBack = false
  mediaRecoveries = 0
  constructor(readonly events: EngineEvents) {}
  load(url: string): void {
    this.loads.push(url)
  }
  recoverMediaError(): void {
    this.mediaRecoveries += 1
  }
  destroy(): void {
    this.destroyed = true
  }
  handBack(): void {
    this.handedBack = true
  }
}

class FakeVideo implements VideoSurface {
  currentTime = 0
  paused = true
  srcRemoved = 0
  loads = 0
  play(): Promise<void> {
    this.paused = false
    return Promise.resolve()
  }
  removeAttribute(name: string): void {
    if (name === 'src') this.srcRemoved += 1
  }
  load(): void {
    this.loads += 1
  }
}

const fakeTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  setInterval: (cb, ms) => setInterval(cb, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
}

describe('PlayerController', () => {
  let engines: FakeEngine[]
  let video: FakeVideo
  let statuses: PlayerStatus[]
  let controller: PlayerController

  beforeEach(() => {
    vi.useFakeTimers()
    engines = []
    video = new FakeVideo()
    statuses = []
    controller = new PlayerController({
      url: '/live/cam-1/sub/index.m3u8',
      video,
      timers: fakeTimers,
      createEngine: (_video, events) => {
        const engine = new FakeEngine(events)
        engines.push(engine)
        return engine
      },
      onStatus: (status) => statuses.push(status),
    })
  })
  afterEach(() => {
    controller.release()
    vi.useRealTimers()
  })

  const last = () => engines[engines.length - 1]!

  /** Advances the clock one second at a time with the picture moving. */
  function playFor(seconds: number): void {
    for (let i = 0; i < seconds; i++) {
      video.currentTime += 1
      vi.advanceTimersByTime(1_000)
    }
  }

  it('loads the playlist and reports playing when the video plays', () => {
    controller.start()
    expect(last().loads).toEqual(['/live/cam-1/sub/index.m3u8'])
    expect(controller.status.kind).toBe('loading')
    controller.notePlaying()
    expect(controller.status.kind).toBe('playing')
  })

  it('a 503 frees the player, shows the reason, and reloads after the back-off', () => {
    controller.start()
    last().events.onError(error({ details: 'manifestLoadError', httpStatus: 503, serverProblem: offline }))
    expect(engines[0]!.destroyed).toBe(true)
    expect(video.srcRemoved).toBe(1)
    expect(controller.status).toMatchObject({ kind: 'unavailable', problem: offline })
    vi.advanceTimersByTime(999)
    expect(engines.length).toBe(1)
    vi.advanceTimersByTime(1)
    expect(engines.length).toBe(2)
    // Still failing: the next wait is twice as long.
    last().events.onError(error({ details: 'manifestLoadError', httpStatus: 503, serverProblem: offline }))
    vi.advanceTimersByTime(1_999)
    expect(engines.length).toBe(2)
    vi.advanceTimersByTime(1)
    expect(engines.length).toBe(3)
  })

  it('a 401 waits for the sign-in without retrying, then reloads at once', async () => {
    let signIn: () => void = () => undefined
    const waiting = new PlayerController({
      url: '/live/cam-1/sub/index.m3u8',
      video,
      timers: fakeTimers,
      createEngine: (_video, events) => {
        const engine = new FakeEngine(events)
        engines.push(engine)
        return engine
      },
      whenSignedIn: () => new Promise<void>((resolve) => (signIn = resolve)),
    })
    waiting.start()
    last().events.onError(error({ details: 'manifestLoadError', httpStatus: 401, serverProblem: sessionEnded }))
    expect(engines[0]!.destroyed).toBe(true)
    expect(waiting.status).toEqual({ kind: 'unavailable', problem: sessionEnded, retryAt: null })
    vi.advanceTimersByTime(60_000)
    expect(engines.length).toBe(1)
    signIn()
    await vi.waitFor(() => expect(engines.length).toBe(2))
    expect(waiting.status.kind).toBe('unavailable')
    waiting.release()
  })

  it('a 401 without a sign-in to wait for is retried after the back-off like a 503', () => {
    controller.start()
    last().events.onError(error({ details: 'manifestLoadError', httpStatus: 401, serverProblem: sessionEnded }))
    expect(controller.status).toMatchObject({ kind: 'unavailable', problem: sessionEnded })
    vi.advanceTimersByTime(1_000)
    expect(engines.length).toBe(2)
  })

  it('a few seconds of moving picture reset the back-off; a first frame alone does not', () => {
    controller.start()
    last().events.onError(error({ httpStatus: 503 }))
    vi.advanceTimersByTime(1_000)
    last().events.onError(error({ httpStatus: 503 }))
    vi.advanceTimersByTime(2_000)
    controller.notePlaying()
    playFor(2)
    last().events.onError(error({ httpStatus: 503 }))
    expect(controller.status).toMatchObject({ kind: 'unavailable', retryAt: Date.now() + 4_000 })
    vi.advanceTimersByTime(4_000)
    controller.notePlaying()
    playFor(6)
    last().events.onError(error({ httpStatus: 503 }))
    expect(controller.status).toMatchObject({ kind: 'unavailable', retryAt: Date.now() + 1_000 })
  })

  it('a picture that stops moving shows as recovering at once, and as playing when it moves again', () => {
    controller.start()
    controller.notePlaying()
    playFor(3)
    vi.advanceTimersByTime(3_000)
    expect(controller.status.kind).toBe('recovering')
    expect(engines.length).toBe(1)
    playFor(1)
    expect(controller.status.kind).toBe('playing')
  })

  it('a reason on screen stays through a retry that fails without one, until the picture is back', () => {
    controller.start()
    last().events.onError(error({ details: 'manifestLoadError', httpStatus: 503, serverProblem: offline }))
    vi.advanceTimersByTime(1_000)
    last().events.onError(error({ details: 'manifestLoadTimeOut' }))
    expect(controller.status).toEqual({
      kind: 'unavailable',
      problem: offline,
      retryAt: Date.now() + 2_000,
    })
    vi.advanceTimersByTime(2_000)
    // The next load waits on the stall detector's start limit and gives up without an error.
    vi.advanceTimersByTime(21_000)
    expect(controller.status).toMatchObject({ kind: 'unavailable', problem: offline })
    vi.advanceTimersByTime(4_000)
    expect(engines.length).toBe(4)
    expect(new Set(statuses.slice(1).map((s) => s.kind))).toEqual(new Set(['unavailable']))
    controller.notePlaying()
    expect(controller.status.kind).toBe('playing')
  })

  it('retryNow skips the wait when the camera is reported back', () => {
    controller.start()
    last().events.onError(error({ httpStatus: 503 }))
    controller.retryNow()
    expect(engines.length).toBe(2)
  })

  it('a fatal media error is recovered in place first, and rebuilt if it repeats', () => {
    controller.start()
    last().events.onError(error({ type: 'mediaError', details: 'bufferAppendError' }))
    expect(last().mediaRecoveries).toBe(1)
    expect(engines.length).toBe(1)
    vi.advanceTimersByTime(3_000)
    last().events.onError(error({ type: 'mediaError', details: 'bufferAppendError' }))
    expect(controller.status.kind).toBe('recovering')
    vi.advanceTimersByTime(1_000)
    expect(engines.length).toBe(2)
  })

  it('a picture that stops moving is reloaded at once, then with back-off', () => {
    controller.start()
    controller.notePlaying()
    playFor(5)
    vi.advanceTimersByTime(7_500)
    expect(engines.length).toBe(2)
    expect(engines[0]!.destroyed).toBe(true)
    expect(statuses.some((s) => s.kind === 'recovering')).toBe(true)
  })

  it('an error from an engine already replaced is ignored', () => {
    controller.start()
    const first = last()
    first.events.onError(error({ httpStatus: 503 }))
    vi.advanceTimersByTime(1_000)
    first.events.onError(error({ httpStatus: 503 }))
    expect(engines.length).toBe(2)
    expect(engines[1]!.destroyed).toBe(false)
  })

  it('release hands the engine back (the reload before it destroyed its own), clears the src, and stops every timer', () => {
    controller.start()
    last().events.onError(error({ httpStatus: 503 }))
    vi.advanceTimersByTime(1_000)
    controller.release()
    expect(engines.map((e) => ({ destroyed: e.destroyed, handedBack: e.handedBack }))).toEqual([
      { destroyed: true, handedBack: false },
      { destroyed: false, handedBack: true },
    ])
    expect(video.srcRemoved).toBe(2)
    expect(video.loads).toBe(2)
    expect(vi.getTimerCount()).toBe(0)
    expect(controller.status.kind).toBe('released')
    controller.start()
    expect(engines.length).toBe(2)
  })
})
