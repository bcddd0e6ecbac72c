/**
 * The export dialog in the console, in Chromium against a server recording the simulated fleet: a tile's
 * export button opens it, the range is entered in the site's time, a new incident is flagged with the
 * export attached, and the SHA-256 shown is the stored file's.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IncidentWithTimeline } from '../../../server/contracts/incidents.ts'
import {
  RECORDED_CAMERA,
  startRecordingBrowserRig,
  type RecordingBrowserRig,
} from '../../../server/testing/recording-browser-fixture.ts'
import { toLocalInput } from './site-time.ts'

let rig: RecordingBrowserRig

beforeAll(async () => {
  rig = await startRecordingBrowserRig({ console: true })
}, 240_000)
afterAll(async () => {
  await rig?.close()
})

const api = async <T>(path: string): Promise<T> =>
  (await (await fetch(`${rig.url}${path}`, { headers: { cookie: rig.session } })).json()) as T

describe('exporting a recording from a console tile', () => {
  it('attaches the range to a new incident and shows the SHA-256 of the stored file', async () => {
    const { url, session } = rig
    const context = await rig.signedInContext({ viewport: { width: 1366, height: 768 } })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(30_000)
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
      await page.goto(`${url}/console?layout=1&cameras=${RECORDED_CAMERA}`)
      const tile = page.locator(`[data-testid=tile][data-camera-id=${RECORDED_CAMERA}]`)
      await tile.click()
      await tile.locator('[data-testid=tile-export]').click()
      const dialog = page.getByTestId('export-dialog')
      await dialog.waitFor()
      // The dialog opened while the recording grew; the range needs 6 s of it, a closed file every 2 s.
      const recorded = await rig.waitForRecorded(8_000)

      const timeZone = rig.f.t.settings.timeZone
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
      expect(entry?.data).toMatchObject({ file: 'export-1.mp4', cameraId: RECORDED_CAMERA, sha256: shown })
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
