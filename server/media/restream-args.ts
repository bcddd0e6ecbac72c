/**
 * ffmpeg arguments for restreaming one camera stream: pull (RTSP over TCP, or RTMP from the embedded
 * server), copy H.264 as it is or transcode anything else to H.264, and hand fragmented MP4 to the
 * packager on stdout. Pure: tested as a table.
 */
export type RestreamMode = 'copy' | 'transcode'
export type Quality = 'main' | 'sub'

export interface RestreamInput {
  /** rtsp:// or rtmp:// URL, credentials included (never logged). */
  url: string
  mode: RestreamMode
  quality: Quality
  /** The fMP4-to-stdout output options (from the packager's own builder). */
  outputArgs: readonly string[]
  /** Give up on a silent socket after this long (ffmpeg would otherwise hang on a frozen camera). */
  socketTimeoutMs?: number
}

// Transcoded output stays small: 640x360 for tiles, at most 1280x720 for a maximised tile.
const TRANSCODE_HEIGHT: Record<Quality, number> = { main: 720, sub: 360 }
const TRANSCODE_BITRATE: Record<Quality, string> = { main: '2000k', sub: '600k' }

function inputArgs(url: string, timeoutMicros: number): string[] {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase()
  // A small probe: the camera's SDP already names the codec, and every 100 ms of probing is 100 ms
  // the operator waits for the first picture. No `nobuffer`: it drops the packets read while probing,
  // the first keyframe among them, and so costs a whole GOP at every cold start (measured: 2 s GOP
  // camera, first playlist after 4.2-5.4 s with it, 2.6-3.8 s without).
  const common = ['-analyzeduration', '500000', '-probesize', '500000', '-fflags', '+genpts']
  if (scheme === 'rtsp' || scheme === 'rtsps') {
    return ['-rtsp_transport', 'tcp', '-timeout', String(timeoutMicros), ...common, '-i', url]
  }
  if (scheme === 'rtmp') return ['-rw_timeout', String(timeoutMicros), ...common, '-i', url]
  throw new Error(`unsupported stream scheme "${scheme}"`)
}

function videoArgs(mode: RestreamMode, quality: Quality): string[] {
  if (mode === 'copy') return ['-c:v', 'copy']
  const height = TRANSCODE_HEIGHT[quality]
  return [
    '-vf', `scale=-2:'min(${height},ih)'`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'main', '-pix_fmt', 'yuv420p',
    '-b:v', TRANSCODE_BITRATE[quality], '-maxrate', TRANSCODE_BITRATE[quality], '-bufsize', TRANSCODE_BITRATE[quality],
    // A keyframe every second whatever the camera's GOP: segments, and so joins, stay short.
    '-force_key_frames', 'expr:gte(t,n_forced*1)', '-sc_threshold', '0',
    // One thread per transcode: the cap on transcodes is then a cap on cores.
    '-threads', '1',
  ]
}

export function buildRestreamArgs(input: RestreamInput): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'warning',
    ...inputArgs(input.url, (input.socketTimeoutMs ?? 5000) * 1000),
    // Video only: the room watches, and cameras' audio is often G.711, which browsers' MSE cannot play.
    '-map', '0:v:0', '-an', '-sn', '-dn',
    ...videoArgs(input.mode, input.quality),
    ...input.outputArgs,
  ]
}
