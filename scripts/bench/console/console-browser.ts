/**
 * Chromium for the console benchmark (Debian's, through server/testing/browser.ts). The first context logs
 * in through the login page; its session cookie then seeds a fresh context per run, so no run reuses
 * another's HTTP cache (live parts are cacheable for 60 s) and the login rate limit is never hit.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { launchBrowser, type LaunchedBrowser } from '../../../server/testing/browser.ts'
import { translate } from '../../../web/lib/i18n/translate.ts'
import { PROBE_SCRIPT, READ_PROBE, parseProbe, type ProbeRecords } from './page-probe.ts'

/** localStorage switch read by the console's tour state: 'off' turns the tour's prefetch off. */
export const PREFETCH_KEY = 'sharp-eyes.console.tour-prefetch'

type Cookie = Awaited<ReturnType<BrowserContext['cookies']>>[number]

export interface RunPage {
  page: Page
  /** What the probe recorded so far (empty when opened without it). */
  probe(): Promise<ProbeRecords>
  close(): Promise<void>
}

export class ConsoleBrowser {
  private constructor(
    readonly launched: LaunchedBrowser,
    readonly cookies: Cookie[],
  ) {}

  /** Launches Chromium and logs in through the console's login page once. */
  static async launch(url: string, username: string, password: string): Promise<ConsoleBrowser> {
    const launched = await launchBrowser({ closeTimeoutMs: 10_000, callerHandlesSignals: true })
    try {
      const context = await launched.browser.newContext()
      try {
        const page = await context.newPage()
        page.setDefaultTimeout(20_000)
        await page.goto(`${url}/login?next=${encodeURIComponent('/console')}`)
        await page.getByLabel(translate('zh-CN', 'login.username')).fill(username)
        await page.getByLabel(translate('zh-CN', 'login.password')).fill(password)
        await page.getByLabel(translate('zh-CN', 'login.password')).press('Enter')
        await page.waitForURL((u) => u.pathname === '/console')
        const cookies = await context.cookies()
        if (cookies.length === 0) throw new Error('no session cookie after logging in')
        return new ConsoleBrowser(launched, cookies)
      } finally {
        await context.close()
      }
    } catch (error) {
      await launched.close().catch(() => undefined)
      throw error
    }
  }

  get pid(): number {
    return this.launched.pid
  }

  /**
   * A fresh signed-in context and page at `url`; the navigation is the start of the measurement (the
   * page's performance.now() counts from it). `probe` injects page-probe.ts first.
   */
  async open(url: string, options: { probe: boolean; prefetch?: boolean }): Promise<RunPage> {
    const context = await this.launched.browser.newContext({ viewport: { width: 1600, height: 900 } })
    try {
      await context.addCookies(this.cookies)
      if (options.prefetch === false)
        await context.addInitScript(`localStorage.setItem(${JSON.stringify(PREFETCH_KEY)}, 'off')`)
      if (options.probe) await context.addInitScript(PROBE_SCRIPT)
      const page = await context.newPage()
      page.setDefaultTimeout(20_000)
      page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`))
      await page.goto(url)
      return {
        page,
        probe: async () => parseProbe(await page.evaluate(READ_PROBE)),
        close: () => context.close().catch(() => undefined),
      }
    } catch (error) {
      await context.close().catch(() => undefined)
      throw error
    }
  }

  close(): Promise<void> {
    return this.launched.close()
  }
}

export interface HeapReading {
  usedBytes: number
  /** DOM nodes, event listeners and documents alive: a leak of players shows here first. */
  nodes: number
  listeners: number
  documents: number
}

export type HeapCommand = 'HeapProfiler.collectGarbage' | 'Runtime.getHeapUsage' | 'Performance.getMetrics'

/** JS heap after a forced full GC, and the page's object counts, through any CDP connection's `send`. */
export async function readHeap(send: (method: HeapCommand) => Promise<unknown>): Promise<HeapReading> {
  await send('HeapProfiler.collectGarbage')
  const usage = (await send('Runtime.getHeapUsage')) as { usedSize: number }
  const { metrics } = (await send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }
  const metric = (name: string): number => metrics.find((m) => m.name === name)?.value ?? 0
  return {
    usedBytes: usage.usedSize,
    nodes: metric('Nodes'),
    listeners: metric('JSEventListeners'),
    documents: metric('Documents'),
  }
}
