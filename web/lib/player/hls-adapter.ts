/**
 * hls.js behind the controller's narrow PlaybackEngine, with the low-latency tuning for our LL-HLS
 * (200 ms parts, PART-HOLD-BACK 0.6 s, blocking reload); and for recorded video and instant replay, a VOD
 * player that starts loading where the caller says. The light build: no subtitles, alternate audio or DRM,
 * which camera streams never use, and ~220 KB less to load on the monitoring-room machines.
 */
import Hls from 'hls.js/light'
import type { ErrorData, HlsConfig, LevelLoadedData, LoaderConfig } from 'hls.js'
import { api, problemFromBody, type ServerProblem } from '../api-client.ts'
import { HlsSlot } from './hls-slot.ts'
import type { PlayerError } from './player-recovery.ts'
import { StreamWarmup } from './stream-warmup.ts'

// The first playlist request is held by the server until the first segment exists (~1-2 s, up to 15 s for
// a slow camera); hls.js must wait that long. Retries are ours (player-recovery.ts): the tile shows the
// server's reason while it waits, which hls.js's silent retries would hide.
const MANIFEST_POLICY: LoaderConfig = {
  maxTimeToFirstByteMs: 20_000,
  maxLoadTimeMs: 20_000,
  timeoutRetry: null,
  errorRetry: null,
}

export const LIVE_HLS_CONFIG: Partial<HlsConfig> = {
  lowLatencyMode: true,
  // Seconds behind the live edge to start at when joining a running stream. 1 s gives the 0.6 s part
  // hold-back some slack, so a late part does not stall the picture; 3 s is the most we drift before hls.js
  // catches up. A camera opened alone begins at the stream's first frame instead (its first playlist holds
  // 160 ms, server/media/hls/README.md "Quick start") and settles ~0.35 s behind: hls.js speeds up, never
  // slows down.
  liveSyncDuration: 1,
  liveMaxLatencyDuration: 3,
  maxLiveSyncPlaybackRate: 1.5,
  // Live video is never scrubbed back: keep little behind and little ahead, so 25 tiles stay small.
  backBufferLength: 10,
  maxBufferLength: 4,
  maxMaxBufferLength: 8,
  manifestLoadPolicy: { default: MANIFEST_POLICY },
  // Level playlists are blocking reloads held up to 3 target durations; give them that plus headroom.
  playlistLoadPolicy: {
    default: {
      maxTimeToFirstByteMs: 8_000,
      maxLoadTimeMs: 10_000,
      timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 2, retryDelayMs: 500, maxRetryDelayMs: 2_000 },
    },
  },
}

/**
 * Live without low latency: whole segments, and one playlist reload per segment (hls.js still blocks it
 * until the segment is complete) instead of a reload and a part every 200 ms. For screens of many players
 * seen from across the room (the wall): the browser keeps 6 HTTP/1.1 connections to the server, and a
 * low-latency player holds one or two of them most of the time, so with nine of them every request queues
 * behind the others' held ones and a tile's first playlist, init and media each wait 0.2-0.7 s for a
 * connection (`npm run bench:wall`, its timeline line). 2.5 s behind the live edge covers a 1 s segment
 * still being written plus a reload, so playback does not run dry between segments.
 */
export const RELAXED_LIVE_HLS_CONFIG: Partial<HlsConfig> = {
  ...LIVE_HLS_CONFIG,
  lowLatencyMode: false,
  liveSyncDuration: 2.5,
  liveMaxLatencyDuration: 6,
}

/** hls.js's error event, reduced to what the recovery decision needs. */
export function toPlayerError(data: ErrorData): PlayerError {
  return {
    fatal: data.fatal,
    type: data.type,
    details: data.details,
    httpStatus: data.response?.code ?? null,
    serverProblem: serverProblemOf(data.networkDetails),
  }
}

/** The JSON error body of a failed playlist load: the default loader hands over its XMLHttpRequest. */
function serverProblemOf(details: unknown): ServerProblem | null {
  if (typeof XMLHttpRequest === 'undefined' || !(details instanceof XMLHttpRequest) || details.status < 400) return null
  try {
    const problem = problemFromBody(JSON.parse(details.responseText))
    return problem.code === null && problem.message === null ? null : problem
  } catch {
    return null
  }
}

/** One hls.js instance for a <video>, kept from one camera to the next (hls-slot.ts). */
export function hlsSlotFor(
  video: HTMLVideoElement,
  config: Partial<HlsConfig> = LIVE_HLS_CONFIG,
): HlsSlot<HTMLVideoElement, Hls> {
  return new HlsSlot({
    media: video,
    create: () => new Hls(config),
    onError: (hls, listener) => {
      const onError = (_event: unknown, data: ErrorData): void => listener(toPlayerError(data))
      hls.on(Hls.Events.ERROR, onError)
      return () => hls.off(Hls.Events.ERROR, onError)
    },
  })
}

/**
 * One prefetch POST for every player that starts in the same tick (see stream-warmup.ts). `for=players`
 * tells it apart from a tour's prefetch of its next page in the network log and the browser tests.
 */
export const streamWarmup = new StreamWarmup({
  send: (streams) => api.request('POST', '/api/streams/prefetch?for=players', { streams }),
})

/** Recorded video: nothing loads until the playlist says where the wanted moment is; a minute kept behind. */
export const VOD_HLS_CONFIG: Partial<HlsConfig> = {
  autoStartLoad: false,
  lowLatencyMode: false,
  maxBufferLength: 30,
  backBufferLength: 60,
}

/** A fragment of a VOD playlist, on both clocks (vod-clock.ts maps between them). */
export interface VodFragment {
  /** Media time of the fragment's start, seconds. */
  start: number
  duration: number
  /** EXT-X-PROGRAM-DATE-TIME, epoch ms. */
  programDateTimeMs: number
}

export interface VodHandlers {
  /** The playlist is in; answers the media time (seconds) to load and show first. */
  onPlaylist(fragments: VodFragment[]): number
  /** hls.js gave up: with the server's reason when the playlist request was refused with one. */
  onFatal(problem: ServerProblem | null): void
}

/** Plays the VOD playlist at `url` in `video`; destroy() ends it (no handler is called after). */
export function openVodHls(video: HTMLVideoElement, url: string, handlers: VodHandlers): { destroy(): void } {
  const hls = new Hls(VOD_HLS_CONFIG)
  hls.on(Hls.Events.LEVEL_LOADED, (_event, data: LevelLoadedData) => {
    const position = handlers.onPlaylist(
      data.details.fragments.map((fragment) => ({
        start: fragment.start,
        duration: fragment.duration,
        programDateTimeMs: fragment.programDateTime ?? 0,
      })),
    )
    hls.startLoad(position)
    video.currentTime = position
  })
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (data.fatal) handlers.onFatal(serverProblemOf(data.networkDetails))
  })
  hls.loadSource(url)
  hls.attachMedia(video)
  return { destroy: () => hls.destroy() }
}
