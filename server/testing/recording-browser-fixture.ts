/**
 * What the recorded-video browser tests share: one simulated camera recorded in 2 s files by an in-process
 * app listening on loopback, the admin signed in, and Chromium beside it.
 */
import { join } from 'node:path'
import type { BrowserContext, BrowserContextOptions } from 'playwright-core'
import { startFleetBackedApp, type FleetBackedApp } from '../cameras/testing/fleet-backed-app.ts'
import type { RecordingsAnswer } from '../contracts/recording.ts'
import { startBesideBrowser, type LaunchedBrowser } from './browser.ts'
import { TEST_ADMIN_PASSWORD } from './test-app.ts'
import { waitFor } from './wait-for.ts'
import { ensureWebBuilt } from './web-build.ts'

export const RECORDED_CAMERA = 'cam-t001'

type RecordedRange = RecordingsAnswer['ranges'][number]

export interface RecordingBrowserRig {
  f: FleetBackedApp
  browser: LaunchedBrowser
  url: string
  /** The admin's session as a Cookie header value (`name=value`). */
  session: string
  /** The camera's first recorded range once it holds `ms` of video (a file is closed every 2 s). */
  waitForRecorded(ms: number): Promise<RecordedRange>
  /** A browser context carrying the admin's session. */
  signedInContext(options?: BrowserContextOptions): Promise<BrowserContext>
  close(): Promise<void>
}

export interface RecordingBrowserOptions {
  /** Serve the built console (dist/web, built first when stale); without it the app serves no web pages. */
  console?: boolean
}

export async function startRecordingBrowserRig(options: RecordingBrowserOptions = {}): Promise<RecordingBrowserRig> {
  if (options.console) await ensureWebBuilt()
  // Chromium starts beside the app: the recording the tests wait for begins once the app runs.
  const [app, chromium] = await startBesideBrowser(
    startFleetBackedApp({
      cameras: 1,
      settings: {
        RECORDING: 'on',
        RECORDING_SEGMENT_S: '2',
        ...(options.console ? { WEB_DIR: join(import.meta.dirname, '..', '..', 'dist', 'web') } : {}),
      },
      edit: (config) => {
        config.recording = {
          quota: '1GiB',
          rules: [{ id: 'all', cameras: [RECORDED_CAMERA], quality: 'sub', schedule: 'always', retentionDays: 7 }],
        }
      },
    }),
  )
  try {
    const url = await app.t.app.listen({ host: '127.0.0.1', port: 0 })
    const session = (await app.t.login('admin', TEST_ADMIN_PASSWORD)).split(';')[0]!
    return recordingRig(app, chromium, url, session)
  } catch (error) {
    await chromium.close()
    await app.close()
    throw error
  }
}

function recordingRig(f: FleetBackedApp, browser: LaunchedBrowser, url: string, session: string): RecordingBrowserRig {
  return {
    f,
    browser,
    url,
    session,
    waitForRecorded: (ms) =>
      waitFor(
        async () => {
          const now = Date.now()
          const query = `from=${new Date(now - 600_000).toISOString()}&to=${new Date(now).toISOString()}`
          const response = await fetch(`${url}/api/cameras/${RECORDED_CAMERA}/recordings?${query}`, {
            headers: { cookie: session },
          })
          const first = ((await response.json()) as RecordingsAnswer).ranges[0]
          return first && Date.parse(first.end) - Date.parse(first.start) >= ms ? first : undefined
        },
        90_000,
        `${ms / 1000} s recorded`,
      ),
    async signedInContext(options) {
      const context = await browser.browser.newContext(options)
      const [name, value] = session.split('=') as [string, string]
      await context.addCookies([{ name, value, url }])
      return context
    },
    async close() {
      await browser.close()
      await f.close()
    },
  }
}
