/**
 * The export dialog in the console, in Chromium against a server recording the simulated fleet: a tile's
 * export button opens it, the range is entered in the site's time, a new incident is flagged with the
 * export attached, and the SHA-256 shown is the stored file's.
 */
import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFleetBackedApp, type FleetBackedApp } from '../../../server/cameras/testing/fleet-backed-app.ts'
import type { IncidentWithTimeline } from '../../../server/contracts/incidents.ts'
import type { RecordingsAnswer } from '../../../server/contracts/recording.ts'
import { launchBrowser, type LaunchedBrowser } from '../../../server/testing/browser.ts'
import { TEST_ADMIN_PASSWORD } from '../../../server/testing/test-app.ts'
import { waitFor } from '../../../server/testing/wait-for.ts'
import { ensureWebBuilt } from '../../../server/testing/web-build.ts'
import { toLocalInput } from './site-time.ts'

let f: FleetBackedApp
let browser: LaunchedBrowser
let url: string
let session: string

beforeAll(async () => {
  await ensureWebBuilt()
  f = await startFleetBackedApp({
    cameras: 1,
    settings: {
      RECORDING: 'on',
      RECORDING_SEGMENT_S: '2',
      WEB_DIR: resolve(import.meta.dirname, '../../../dist/web'),
    },
    edit: (config) => {
      config.recording = {
        quota: '1GiB',
        rules: [{ id: 'all', cameras: ['cam-t001'], quality: 'sub', schedule: 'always', retentionDays: 7 }],
      }
    },
  })
  url = await f.t.app.listen({ host: '127.0.0.1', port: 0 })
  session = (await f.t.login('admin', TEST_ADMIN_PASSWORD)).split(';')[0]!
  browser = await launchBrowser()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await f?.close()
})

const api = async <T>(path: string): Promise<T> =>
  (await (await fetch(`${url}${path}`, { headers: { cookie: session } })).json()) as T

describe('exporting a recording from a console tile', () => {
  it('attaches the range to a new incident and shows the SHA-256 of the stored file', async () => {
    const recorded = await waitFor(
      async () => {
        const now = Date.now()
        const query = `from=${new Date(now - 600_000).toISOString()}&to=${new Date(now).toISOString()}`
        const first = (await api<RecordingsAnswer>(`/api/cameras/cam-t001/recordings?${query}`)).ranges[0]
        return first && Date.parse(first.end) - Date.parse(first.start) >= 8_000 ? first : undefined
      },
      90_000,
      '8 s recorded',
    )
    const context = await browser.browser.newContext({ viewport: { width: 1366, height: 768 } })
    try {
      const [name, value] = session.split('=') as [string, string]
      await context.addCookies([{ name, value, url }])
      const page = await context.newPage()
      page.setDefaultTimeout(30_000)
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
      await page.goto(`${url}/console?layout=1&cameras=cam-t001`)
      const tile = page.locator('[data-testid=tile][data-camera-id=cam-t001]')
      await tile.click()
      await tile.locator('[data-testid=tile-export]').click()
      const dialog = page.getByTestId('export-dialog')
      await dialog.waitFor()

      const timeZone = f.t.settings.timeZone
      const startMs = Date.parse(recorded.start) + 1_000
      await page.getByTestId('export-start').fill(toLocalInput(startMs, timeZone))
      await page.getByTestId('export-end').fill(toLocalInput(startMs + 5_000, timeZone))
      await page.getByTestId('export-category').selectOption({ index: 1 })
      await page.getByTestId('export-submit').click()
      const result = page.getByTestId('export-result')
      await result.waitFor({ timeout: 60_000 })
      const shown = (await page.getByTestId('export-sha256').textContent())?.trim()

      await page.getByTestId('export-show').click()
      await page.waitForURL((at) => at.pathname === '/board' && at.searchParams.has('incident'))
      const incidentId = Number(new URL(page.url()).searchParams.get('incident'))
      const incident = await api<IncidentWithTimeline>(`/api/incidents/${incidentId}`)
      const entry = incident.timeline.find((e) => e.kind === 'evidence' && e.text === 'export')
      expect(entry?.data).toMatchObject({ file: 'export-1.mp4', cameraId: 'cam-t001', sha256: shown })
      const file = await fetch(`${url}/api/incidents/${incidentId}/files/export-1.mp4`, {
        headers: { cookie: session },
      })
      const bytes = Buffer.from(await file.arrayBuffer())
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown)
    } finally {
      await context.close()
    }
  }, 240_000)
})
