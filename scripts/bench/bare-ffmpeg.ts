/**
 * The benchmarks' baselines: what a plain ffmpeg does with no console around it, to compare a way of ours
 * against. Each baseline reads the camera the same way; only what it writes differs.
 */

/** A quiet ffmpeg pulling `rtspUrl` over TCP and copying its streams: put the baseline's output after it. */
export function bareCameraCopyArgs(rtspUrl: string): string[] {
  return ['-nostdin', '-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', rtspUrl, '-c', 'copy']
}
