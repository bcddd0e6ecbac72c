/**
 * One JPEG frame from an RTSP stream with ffmpeg, when the camera has no snapshot URI: a one-shot child in
 * the ProcessPool (so close() waits for it and a killed server leaves no orphan), stopped at the deadline.
 */
import { formatSeconds } from '../async-tools.ts'
import { CameraFailure } from '../camera-failure.ts'
import type { ProcessPool } from '../../process/process-pool.ts'
import { isJpeg } from './http-snapshot.ts'

/** Pure, so the arguments are table-testable: first video frame of the stream, as one MJPEG image. */
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

export function grabFrame(pool: ProcessPool, cameraId: string, url: string, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let timedOut = false
    let stop: (() => Promise<void>) | undefined
    const timer = setTimeout(() => {
      timedOut = true
      void stop?.()
    }, timeoutMs)
    const onExit = (status: { code: number | null; signal: NodeJS.Signals | null }): void => {
      clearTimeout(timer)
      const jpeg = Buffer.concat(chunks)
      if (status.code === 0 && isJpeg(jpeg)) return resolve(jpeg)
      if (timedOut)
        return reject(
          new CameraFailure(
            'unreachable',
            `snapshot: no frame from the stream within ${formatSeconds(timeoutMs)}`,
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
