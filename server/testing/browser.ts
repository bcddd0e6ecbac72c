/**
 * Real Chromium for browser tests: the system /usr/bin/chromium driven by playwright-core. Never downloads
 * a browser. Each launch gets a fresh profile (playwright creates a temporary user data dir per launch
 * and deletes it on close), so no cookie or localStorage leaks between tests.
 */
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM_PATH = '/usr/bin/chromium'

/** Debian's Chromium flags for every browser the tests and benchmarks start. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]

export const ARTIFACTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts')

export interface LaunchedBrowser {
  browser: Browser
  /** The browser process id, for diagnostics. */
  pid: number
  /**
   * Closes the browser and waits until its process group is gone. Rejects, after killing what is left,
   * if Chromium outlives the grace period: a leaked browser would skew every later timing.
   */
  close(): Promise<void>
}

export interface LaunchOptions {
  closeTimeoutMs?: number
  /**
   * Leave Ctrl-C and SIGTERM to the caller. By default playwright answers them itself: it closes its
   * browsers and exits at once (code 130), before the caller's own clean-up (a benchmark's server and
   * its ffmpeg children) can run. A caller that turns this off must close the browser on a signal.
   */
  callerHandlesSignals?: boolean
  /** Flags after CHROMIUM_ARGS: the wall's browser tests run V8 as the kiosk does (server/wall/kiosk-browser.ts). */
  extraArgs?: readonly string[]
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  // launchServer rather than launch: only a BrowserServer exposes the child process, and the PID is
  // what lets close() prove Chromium really exited.
  const handleSignals = !options.callerHandlesSignals
  const server = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    handleSIGINT: handleSignals,
    handleSIGTERM: handleSignals,
    handleSIGHUP: handleSignals,
  })
  const pid = server.process().pid
  if (pid === undefined) {
    await server.kill()
    throw new Error('Chromium started without a process id')
  }
  let browser: Browser
  try {
    browser = await chromium.connect(server.wsEndpoint())
  } catch (error) {
    await server.kill()
    throw error
  }

  // Expected to be a group leader (detached spawn); if not, fall back to watching the one PID.
  const target = alive(-pid) ? -pid : pid

  let closed: Promise<void> | undefined
  const close = (): Promise<void> => {
    closed ??= (async () => {
      await browser.close().catch(() => undefined)
      await server.close()
      if (await waitUntilGone(target, options.closeTimeoutMs ?? 5_000)) return
      kill(target, 'SIGKILL')
      throw new Error(`Chromium (pid ${pid}) was still running after close; killed it`)
    })()
    return closed
  }
  return { browser, pid, close }
}

/** Saves a full-page PNG to test-artifacts/<name>.png (gitignored) and returns its path. */
/**
 * Starts `starting` (a server, an app) and Chromium side by side. If either fails, closes the one that
 * started and throws the first failure, so a failed set-up leaves no process behind.
 */
export async function startBesideBrowser<T extends { close(): Promise<unknown> }>(
  starting: Promise<T>,
  options: LaunchOptions = {},
): Promise<[T, LaunchedBrowser]> {
  const [started, chromium] = await Promise.allSettled([starting, launchBrowser(options)])
  if (started.status === 'fulfilled' && chromium.status === 'fulfilled') return [started.value, chromium.value]
  if (chromium.status === 'fulfilled') await chromium.value.close()
  if (started.status === 'fulfilled') await started.value.close()
  throw [started, chromium].flatMap((result) => (result.status === 'rejected' ? [result.reason] : []))[0]
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true })
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/**
 * Playwright starts Chromium as a process-group leader, so signal 0 to the negative PID asks whether any
 * process of the group (browser, zygote, renderers, GPU helper) is still alive.
 */
function alive(target: number): boolean {
  try {
    process.kill(target, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function kill(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal)
  } catch {
    // Already gone.
  }
}

async function waitUntilGone(target: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (alive(target)) {
    if (Date.now() > deadline) return false
    await new Promise((done) => setTimeout(done, 50))
  }
  return true
}
