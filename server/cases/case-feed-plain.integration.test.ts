import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCaseSystem, type RunningCaseSystem } from '../../fixtures/case-system/case-system.ts'
import type { Fault } from '../../fixtures/case-system/fault-switch.ts'
import type { Incident } from '../contracts/incidents.ts'
import { loadCameraConfig } from '../config/load-camera-config.ts'
import { buildTestApp, SHIPPED_CONFIG_DIR, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { waitFor } from '../testing/wait-for.ts'

// A receiver that de-duplicates nothing, as plain GeoReport v2 allows: every POST is a new case, so only the
// feed's own lookups keep a retry after an unknown outcome from becoming a second case.
const PER_FAULT = 10
const FAULTS: Fault[] = [
  { mode: 'down' },
  { mode: 'http500' },
  // Far beyond the feed's one-second timeout: the case is stored while the feed has given up waiting.
  { mode: 'slow', slowMs: 60_000 },
  { mode: 'drop-response' },
]

let clock = Date.parse('2026-11-27T02:00:00Z')
let cases: RunningCaseSystem
let t: TestApp
let op: string

beforeAll(async () => {
  cases = await startCaseSystem({ now: () => new Date(clock), plain: true })
  const config = loadCameraConfig(SHIPPED_CONFIG_DIR, {})
  t = await buildTestApp(
    { CASE_FEED_URL: cases.url, SIMULATED_FLEET: 'off' },
    { ...config, caseFeed: { ...config.caseFeed!, timeoutSeconds: 1 } },
    { now: () => clock, caseFeedAutoStart: false },
  )
  op = await t.login('admin', TEST_ADMIN_PASSWORD)
})
afterAll(async () => {
  await t?.close()
  await cases?.close()
})

const call = (method: string, url: string, payload?: object) =>
  t.app.inject({ method: method as 'GET', url, headers: { cookie: op }, ...(payload ? { payload } : {}) })
async function accepted(n: number): Promise<Incident> {
  const cameraId = `cam-${String(n).padStart(4, '0')}`
  const incident = (
    await call('POST', '/api/incidents', { cameraId, category: 'street-vendor', note: `第${n}件` })
  ).json() as Incident
  await call('POST', `/api/incidents/${incident.id}/transitions`, { action: 'accept' })
  return incident
}
/** Runs the worker until nothing is due, moving the clock past every back-off. */
async function drain(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await t.app.caseFeed!.worker.tick()
    clock += 6 * 60_000
    if (t.app.caseFeed!.outbox.status().pending === 0) return
  }
}
const marked = (code: string) => cases.requests().filter((r) => r.description?.includes(`[SE-REF:${code}/`))
const externalId = (incidentId: number) =>
  t.app.db.prepare('SELECT service_request_id FROM incident_external WHERE incident_id = ?').pluck().get(incidentId)

describe('exactly once to a receiver that does not de-duplicate', () => {
  it(`${PER_FAULT * FAULTS.length} incidents through down, 500, slow and lost answers: each case stored once, each id recorded`, async () => {
    const incidents: Incident[] = []
    const storedDuringFault: Record<string, number> = {}
    for (const [f, fault] of FAULTS.entries()) {
      await cases.setFault(fault)
      const batch: Incident[] = []
      for (let i = 1; i <= PER_FAULT; i++) batch.push(await accepted(f * PER_FAULT + i))
      // One round meets the fault with every item of the batch.
      await t.app.caseFeed!.worker.tick()
      const stored = () => batch.filter((incident) => marked(incident.code).length > 0).length
      // A call the feed gave up on may still be on its way in: let the receiver finish what it got.
      if (fault.mode === 'slow' || fault.mode === 'drop-response')
        await waitFor(() => stored() === PER_FAULT, 20_000, `the ${fault.mode} batch to be stored`).catch(() => {})
      storedDuringFault[fault.mode] = stored()
      await cases.clearFault()
      clock += 2000
      await drain()
      incidents.push(...batch)
    }

    // The faults did what they are for: refused and 500 stored nothing, slow and lost answers stored cases the
    // feed did not hear back about (all of them, unless a loaded machine timed a call out before it was sent).
    expect(storedDuringFault).toMatchObject({ down: 0, http500: 0 })
    const unheard = storedDuringFault['slow']! + storedDuringFault['drop-response']!
    expect(unheard).toBeGreaterThan(0)
    for (const incident of incidents) {
      const stored = marked(incident.code)
      expect(stored, incident.code).toHaveLength(1)
      expect(externalId(incident.id), incident.code).toBe(stored[0]!.service_request_id)
    }
    expect(cases.requests()).toHaveLength(incidents.length)
    // Every unknown outcome was found by a lookup instead of being sent again. (On a loaded machine a call
    // may also outlast the timeout outside the faults: more lookups then, never more cases.)
    const counts = t.app.caseFeed!.worker.requests.counts
    expect(counts.foundByLookup).toBeGreaterThanOrEqual(unheard)
    expect(counts.lookups).toBeGreaterThanOrEqual(counts.foundByLookup)
    expect((await call('GET', '/api/case-feed/status')).json()).toMatchObject({ queueLength: 0, parked: [] })
  }, 120_000)
})
