import { afterEach, describe, expect, it } from 'vitest'
import { commandOf, descendants, isAlive } from '../testing/process-tree.ts'
import { freePort } from '../testing/test-camera-config.ts'
import { startTestServer, type TestServer } from '../testing/test-server.ts'
import { waitFor } from '../testing/wait-for.ts'
import { loopbackPort } from './case-system-plugin.ts'
import { nodeArgsFor } from '../process/node-entry.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('the reference case system in npm start', () => {
  it.each([
    ['the shipped loopback URL', 'http://127.0.0.1:8311/open311/v2', 8311],
    ['localhost without a port', 'http://localhost/open311/v2', 80],
    ['a real district server', 'https://cases.xinhua.example/open311/v2', undefined],
  ])('is started for %s: %s', (_, url, port) => {
    expect(loopbackPort(url)).toBe(port)
  })

  it('starts when the feed points at it, receives the first accepted incident, and ends with the server', async () => {
    const port = await freePort()
    const server: TestServer = await startTestServer({
      env: { CASE_SYSTEM: 'on', CASE_FEED_URL: `http://127.0.0.1:${port}/open311/v2` },
    })
    cleanups.push(() => server.close())
    const children = descendants(server.pid).filter((pid) =>
      commandOf(pid).includes(nodeArgsFor('fixtures/case-system/main.ts').at(-1)!),
    )
    expect(children).toHaveLength(1)
    const cookie = await server.login()
    const post = (path: string, body: object) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const incident = (await (
      await post('/api/incidents', { cameraId: 'cam-0001', category: 'garbage-burning' })
    ).json()) as { id: number; code: string }
    await post(`/api/incidents/${incident.id}/transitions`, { action: 'accept' })
    const found = await waitFor(
      async () => {
        const requests = (await (
          await fetch(`http://127.0.0.1:${port}/open311/v2/requests.json?service_code=GB`)
        ).json()) as unknown[]
        return requests.length > 0 ? requests : undefined
      },
      30_000,
      'the request at the case system',
      250,
    )
    expect(found).toHaveLength(1)
    expect(await server.close()).toBe(0)
    expect(children.filter(isAlive)).toEqual([])
  }, 60_000)
})
