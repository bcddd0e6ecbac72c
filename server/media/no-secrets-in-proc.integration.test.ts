/**
 * Issue 17: no camera password and no admin password may be readable by other local users. Every process
 * the server starts (restreamers, frame grabs, the fleet and its loopers) is read from /proc, command line
 * and environment, while live streams and a snapshot run.
 */
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { commandOf, descendants } from '../testing/process-tree.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { freePort, writeTestCameraConfig } from '../testing/test-camera-config.ts'
import { startTestServer } from '../testing/test-server.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const readProc = (pid: number, file: 'cmdline' | 'environ'): string => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0').join(' ')
  } catch {
    return '' // gone since it was listed
  }
}

/**
 * tsx's compiler service (esbuild), started by the loader before any server code runs, so with the
 * environment the server was started with. Its environ (mode 0400, the server's own user) shows nothing
 * the server's own /proc/<pid>/environ does not; its command line is checked like every other.
 */
const isCompilerService = (pid: number): boolean => /\/esbuild --service=/.test(readProc(pid, 'cmdline'))

/** Samples every descendant's command line and environment until stopped: short-lived children too. */
function watchProcesses(root: number): { seen: Map<number, string>; stop(): Promise<void> } {
  const seen = new Map<number, string>()
  let running = true
  const rootCommand = readProc(root, 'cmdline')
  const loop = (async () => {
    while (running) {
      for (const pid of descendants(root)) {
        const cmdline = readProc(pid, 'cmdline')
        // Forked but not yet exec'd: still the server's own image (its cmdline and environ), not a child's.
        if (cmdline === rootCommand) continue
        const environ = isCompilerService(pid) ? '' : readProc(pid, 'environ')
        const text = `${cmdline}\n${environ}`
        if (text.trim()) seen.set(pid, `${seen.get(pid) ?? ''}\n${text}`)
      }
      await new Promise((r) => setTimeout(r, 20))
    }
  })()
  return {
    seen,
    async stop() {
      running = false
      await loop
    },
  }
}

describe('no secret in /proc', () => {
  it('restreamers, a frame grab and the fleet show no camera password and no admin password', async () => {
    const dir = makeTempDir('no-secrets')
    cleanups.push(() => dir.remove())
    const cameras = writeTestCameraConfig(dir.path, { rtspPort: await freePort(), httpPort: await freePort() }, 4)
    const secrets = cameras.map((c) => (c.source.type === 'rtmp-push' ? '' : (c.source.password ?? '')))
    expect(secrets.every((s) => s.length > 0)).toBe(true)
    const server = await startTestServer({
      cameraConfigDir: dir.path,
      env: { SIMULATED_FLEET: 'on', CAMERA_HEALTH_INTERVAL_S: '0' },
      startTimeoutMs: 120_000,
    })
    cleanups.push(() => server.close())
    secrets.push(server.adminPassword)
    const cookie = await server.login()
    const watch = watchProcesses(server.pid)
    cleanups.push(() => watch.stop())

    // ONVIF (t001, t003) and explicit RTSP (t002) cameras, live; t004 (RTSP, not watched) gives its
    // snapshot from one ffmpeg frame grab.
    const playlists = await Promise.all(
      ['cam-t001', 'cam-t002', 'cam-t003'].map((id) =>
        fetch(`${server.url}/live/${id}/sub/index.m3u8`, { headers: { cookie } }),
      ),
    )
    expect(playlists.map((r) => r.status)).toEqual([200, 200, 200])
    const snapshot = await fetch(`${server.url}/api/cameras/cam-t004/snapshot.jpg`, { headers: { cookie } })
    expect(snapshot.status).toBe(200)
    await watch.stop()

    const texts = [...watch.seen.values()]
    // The watch saw what it had to: three restreamers and the frame grab, not just the fleet.
    expect(texts.filter((t) => t.includes('ffmpeg') && t.includes('pipe:1') && t.includes('-movflags'))).toHaveLength(3)
    expect(texts.some((t) => t.includes('ffmpeg') && t.includes('mjpeg'))).toBe(true)
    for (const [pid, text] of watch.seen) {
      for (const secret of secrets) {
        if (text.includes(secret))
          throw new Error(`process ${pid} (${commandOf(pid).replaceAll(secret, '***')}) shows a password`)
      }
      expect(/rtsp:\/\/[^/\s@]*:[^/\s@]*@/.test(text), `process ${pid} has a URL with credentials`).toBe(false)
    }
  }, 180_000)
})
