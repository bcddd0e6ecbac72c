/**
 * Debian's Chromium as a plain process with a DevTools port, for the memory run: playwright connects over
 * CDP only to act and to sample, and disconnects in between. Why: a page driven by playwright has the
 * DevTools network agent on for its whole life, and with 16 LL-HLS tiles (~150 requests a second) that
 * agent's records grow the renderer by 60-130 MiB a minute, which is not the console's memory (measured:
 * the same 16-player page, 5 minutes: 452 -> 770 MiB under playwright, 354 -> 355 MiB without DevTools).
 * The flags of server/testing/browser.ts; the process group is ended on close(), by this process's PID.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../server/testing/browser.ts'
import { makeTempDir } from '../../../server/testing/temp-dir.ts'

const FLAGS = [...CHROMIUM_ARGS, '--remote-debugging-port=0']

export interface PlainChromium {
  pid: number
  /** The browser's DevTools WebSocket URL (loopback). */
  endpoint: string
  /** Connects playwright over CDP; `disconnect()` leaves the browser and its pages running. */
  connect(): Promise<{ browser: Browser; disconnect(): Promise<void> }>
  close(): Promise<void>
}

function endpointOf(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(
      () => reject(new Error(`Chromium printed no DevTools endpoint in ${timeoutMs} ms: ${seen.slice(-300)}`)),
      timeoutMs,
    )
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Chromium exited (${code}) before it listened: ${seen.slice(-300)}`))
    })
  })
}

/**
 * `windowSize`: `width,height` of the headless window, which is the page's viewport; `extraFlags` go after
 * the usual ones (a benchmark's `--js-flags=...`).
 */
export async function launchPlainChromium(
  windowSize = '1600,900',
  extraFlags: readonly string[] = [],
): Promise<PlainChromium> {
  const profile = makeTempDir('bench-chromium-profile')
  const child = spawn(
    CHROMIUM_PATH,
    [...FLAGS, ...extraFlags, `--window-size=${windowSize}`, `--user-data-dir=${profile.path}`, 'about:blank'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  )
  const pid = child.pid
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // Its own process group outlives this process: if the benchmark exits before close() (interrupted
  // in the middle of the memory run), the group is killed on the way out.
  const killOnExit = (): void => {
    if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {
        /* already gone */
      }
    }
  }
  process.once('exit', killOnExit)
  const end = async (): Promise<void> => {
    process.off('exit', killOnExit)
    if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return
    process.kill(-pid, 'SIGTERM')
    const killed = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 10_000)),
    ])
    if (!killed) process.kill(-pid, 'SIGKILL')
    await exited
  }
  try {
    if (pid === undefined) throw new Error('Chromium started without a process id')
    const endpoint = await endpointOf(child, 20_000)
    return {
      pid,
      endpoint,
      async connect() {
        const browser = await chromium.connectOverCDP(endpoint)
        return { browser, disconnect: () => browser.close() }
      },
      async close() {
        await end()
        profile.remove()
      },
    }
  } catch (error) {
    await end()
    profile.remove()
    throw error
  }
}
