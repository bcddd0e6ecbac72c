/**
 * ffmpeg arguments for restreaming one camera stream: pull (RTSP over TCP, or RTMP from the embedded
 * server), copy H.264 as it is or transcode anything else to H.264, and hand fragmented MP4 to the
 * packager on stdout. Pure: tested as a table.
 */
import type { Quality } from '../contracts/media.ts'

export type RestreamMode = 'copy' | 'transcode'

export interface RestreamInput {
  /** rtsp:// or rtmp:// URL, never with credentials (cameras that need one are pulled through the relay). */
  url: string
  mode: RestreamMode
  quality: Quality
  /** The fMP4-to-stdout output options (from the packager's own builder). */
  outputArgs: readonly string[]
  /** Give up on a silent socket after this long (ffmpeg would otherwise hang on a frozen camera). */
  socketTimeoutMs?: number
  /**
   * `quick` (default): an RTSP camera's SDP names the codec and carries its parameter sets, so ffmpeg
   * need not probe and starts writing at the first keyframe. `full`: probe 0.5 s of media, for a camera
   * whose SDP lacks them (ffmpeg then says "Could not find codec parameters"; see LiveStream).
   */
  probe?: 'quick' | 'full'
}

// Transcoded output stays small: 640x360 for tiles, at most 1280x720 for a maximised tile.
const TRANSCODE_HEIGHT: Record<Quality, number> = { main: 720, sub: 360 }
const TRANSCODE_BITRATE: Record<Quality, string> = { main: '2000k', sub: '600k' }

// Every 100 ms of probing is 100 ms the operator waits for the first picture. Measured against the fleet
// (1 s GOP, 8 cold starts each, median): first fMP4 byte after 1.33 s with the full probe, 0.46 s with the
// quick one. No `nobuffer`: it drops the packets read while probing, the first keyframe among them, and
// so costs a whole GOP at every cold start (2 s GOP camera: first playlist after 4.2-5.4 s with it,
// 2.6-3.8 s without).
const FULL_PROBE = ['-analyzeduration', '500000', '-probesize', '500000']
const QUICK_PROBE = ['-analyzeduration', '1', '-probesize', '32']

function inputArgs(url: string, timeoutMicros: number, probe: 'quick' | 'full'): string[] {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase()
  if (scheme === 'rtsp' || scheme === 'rtsps') {
    return [
      '-rtsp_transport',
      'tcp',
      '-timeout',
      String(timeoutMicros),
      ...(probe === 'quick' ? QUICK_PROBE : FULL_PROBE),
      '-fflags',
      '+genpts',
      '-i',
      url,
    ]
  }
  // FLV over RTMP announces its streams only as their packets come: it always needs the probe.
  if (scheme === 'rtmp') return ['-rw_timeout', String(timeoutMicros), ...FULL_PROBE, '-fflags', '+genpts', '-i', url]
  throw new Error(`unsupported stream scheme "${scheme}"`)
}

function videoArgs(mode: RestreamMode, quality: Quality): string[] {
  if (mode === 'copy') return ['-c:v', 'copy']
  const height = TRANSCODE_HEIGHT[quality]
  return [
    '-vf',
    `scale=-2:'min(${height},ih)'`,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-tune',
    'zerolatency',
    '-profile:v',
    'main',
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    TRANSCODE_BITRATE[quality],
    '-maxrate',
    TRANSCODE_BITRATE[quality],
    '-bufsize',
    TRANSCODE_BITRATE[quality],
    // A keyframe every second whatever the camera's GOP: segments, and so joins, stay short.
    '-force_key_frames',
    'expr:gte(t,n_forced*1)',
    '-sc_threshold',
    '0',
    // One thread per transcode: the cap on transcodes is then a cap on cores.
    '-threads',
    '1',
  ]
}

export function buildRestreamArgs(input: RestreamInput): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'warning',
    ...inputArgs(input.url, (input.socketTimeoutMs ?? 5000) * 1000, input.probe ?? 'quick'),
    // Video only: the room watches, and cameras' audio is often G.711, which browsers' MSE cannot play.
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    ...videoArgs(input.mode, input.quality),
    ...input.outputArgs,
  ]
}
