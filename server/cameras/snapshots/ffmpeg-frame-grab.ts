/**
 * One JPEG frame from an RTSP stream with ffmpeg, when the camera has no snapshot URI: a one-shot child in
 * the ProcessPool (so close() waits for it and a killed server leaves no orphan), stopped at the deadline.
 */
import { formatSeconds } from '../async-tools.ts'
import { CameraFailure } from '../camera-failure.ts'
import type { ProcessPool } from '../../process/process-pool.ts'
import { isJpeg } from './http-snapshot.ts'

/**
 * A camera sends a keyframe once per GOP, and a session may start anywhere in it: a long-GOP camera's
 * snapshot waits for its next keyframe, up to this long (10 s GOPs exist), not the socket timeout.
 */
export const KEYFRAME_WAIT_MS = 12_000

/**
 * Pure, so the arguments are table-testable: the first keyframe of the stream, as one MJPEG image. Only
 * keyframes are decoded: a frame before the first one would be a grey smear. (No longer probe: ffmpeg
 * reads the whole probe before its first frame, so a longer one delays every snapshot.)
 */
export function buildFrameGrabArgs(url: string, timeoutMs: number): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    // TCP: one connection through any NAT; `-timeout` (microseconds) bounds each socket wait.
    '-rtsp_transport',
    'tcp',
    '-timeout',
    String(timeoutMs * 1000),
    '-skip_frame',
    'nokey',
    '-i',
    url,
    '-an',
    '-frames:v',
    '1',
    '-f',
    'image2',
    '-c:v',
    'mjpeg',
    '-q:v',
    '4',
    'pipe:1',
  ]
}

/**
 * `timeoutMs` bounds each socket wait (a silent camera fails that fast); the frame itself may take up to
 * `keyframeWaitMs` while the camera sends (its next keyframe).
 */
export function grabFrame(
  pool: ProcessPool,
  cameraId: string,
  url: string,
  timeoutMs: number,
  keyframeWaitMs = Math.max(timeoutMs, KEYFRAME_WAIT_MS),
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let timedOut = false
    let stop: (() => Promise<void>) | undefined
    const timer = setTimeout(() => {
      timedOut = true
      void stop?.()
    }, keyframeWaitMs)
    const onExit = (status: { code: number | null; signal: NodeJS.Signals | null }): void => {
      clearTimeout(timer)
      const jpeg = Buffer.concat(chunks)
      if (status.code === 0 && isJpeg(jpeg)) return resolve(jpeg)
      if (timedOut)
        return reject(
          new CameraFailure(
            'unreachable',
            `snapshot: no keyframe from the stream within ${formatSeconds(keyframeWaitMs)}`,
            true,
          ),
        )
      reject(
        new CameraFailure(
          'offline',
          `snapshot: ffmpeg could not read a frame from the stream (exit ${status.code ?? status.signal})`,
        ),
      )
    }
    try {
      const child = pool.start({
        // The name is logged: the camera id, never the URL.
        name: `snapshot-${cameraId}`,
        command: { file: 'ffmpeg', args: buildFrameGrabArgs(url, timeoutMs), captureStdout: true },
        restart: false,
        killTimeoutMs: 1_000,
        onStdout: (chunk) => chunks.push(chunk),
        onExit,
      })
      stop = () => child.stop()
    } catch (error) {
      // The pool is closed: the server is shutting down.
      clearTimeout(timer)
      reject(error)
    }
  })
}
