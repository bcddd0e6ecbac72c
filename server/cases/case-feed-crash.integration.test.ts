import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { startCaseSystem, type RunningCaseSystem } from '../../fixtures/case-system/case-system.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { startTestServer, type TestServer } from '../testing/test-server.ts'
import { waitFor } from '../testing/wait-for.ts'

const data = makeTempDir('crash-feed')
let cases: RunningCaseSystem
const servers: TestServer[] = []

beforeAll(async () => {
  // A receiver that de-duplicates no request: a request the dead console sent is found again only by its marker.
  cases = await startCaseSystem({ dbPath: join(data.path, 'cases.db'), plain: true })
})
afterAll(async () => {
  for (const s of servers) await s.close()
  await cases?.close()
  data.remove()
})

async function server(): Promise<{ s: TestServer; cookie: string }> {
  const s = await startTestServer({
    dataDir: join(data.path, 'console'),
    env: { CASE_FEED_URL: cases.url, CAMERA_HEALTH_INTERVAL_S: '0', ADMIN_PASSWORD: 'crash-test-admin' },
  })
  servers.push(s)
  return { s, cookie: await s.login() }
}

describe('the console killed in the middle of deliveries', () => {
  it('after a restart nothing is lost and nothing duplicated: requests in flight are looked up, not sent again', async () => {
    const first = await server()
    // Answers slower than the test: requests arrive and are stored while the console waits, then it dies
    // before hearing back, however long the machine takes to get there.
    await cases.setFault({ mode: 'slow', slowMs: 120_000 })
    const codes: string[] = []
    for (let i = 1; i <= 5; i++) {
      const post = (path: string, body: object) =>
        fetch(`${first.s.url}${path}`, {
          method: 'POST',
          headers: { cookie: first.cookie, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      const incident = (await (
        await post('/api/incidents', { cameraId: `cam-00${10 + i}`, category: 'street-vendor' })
      ).json()) as { id: number; code: string }
      await post(`/api/incidents/${incident.id}/transitions`, { action: 'accept' })
      await post(`/api/incidents/${incident.id}/transitions`, { action: 'dispatch', lead: 'urban-management' })
      codes.push(incident.code)
    }
    const ofIncident = (code: string) => cases.requests().filter((r) => r.description?.includes(`[SE-REF:${code}/`))
    const storedOfOurs = () => codes.filter((code) => ofIncident(code).length > 0).length
    await waitFor(() => storedOfOurs() > 0, 30_000, 'the case system to store a request of ours')
    process.kill(first.s.pid, 'SIGKILL')
    await first.s.close()
    // Proof that it died mid-delivery: the receiver stored requests the console never heard back about.
    const db = new Database(join(data.path, 'console', 'console.db'), { readonly: true })
    const recorded = db.prepare('SELECT count(*) FROM incident_external').pluck().get() as number
    db.close()
    expect(storedOfOurs()).toBeGreaterThan(recorded)
    await cases.clearFault()

    const second = await server()
    const queueLength = async () =>
      (
        (await (
          await fetch(`${second.s.url}/api/case-feed/status`, { headers: { cookie: second.cookie } })
        ).json()) as { queueLength?: number }
      ).queueLength
    await waitFor(async () => (await queueLength()) === 0, 60_000, 'the case feed queue to empty', 500)
    for (const code of codes) {
      const requests = ofIncident(code)
      expect(requests, code).toHaveLength(1)
      const updates = cases
        .updates()
        .filter((u) => u.service_request_id === requests[0]!.service_request_id && u.origin === 'sender')
      expect(
        updates.map((u) => u.external_status_code),
        code,
      ).toEqual(['dispatched'])
    }
  }, 120_000)
})
