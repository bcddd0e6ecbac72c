import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitUntil } from '../testing/wait-for.ts'
import { startTestServer, type TestServer } from '../testing/test-server.ts'

describe('the request log of a real server', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: { LOG_LEVEL: 'info', LOG_FORMAT: 'json' } })
  })
  afterAll(async () => server.close())

  const requestLines = (): Array<{ req: { path: string }; status: number; ms: number }> =>
    server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{') && line.includes('"msg":"request"'))
      .map((line) => JSON.parse(line))

  it('writes one JSON line per API request, and none for live video at the info level', async () => {
    const cookie = await server.login()
    await fetch(`${server.url}/api/cameras`, { headers: { cookie } })
    await fetch(`${server.url}/live/cam-0001/sub/index.m3u8?_HLS_msn=1`, { headers: { cookie: 'se_session=none' } })
    await fetch(`${server.url}/api/health`)
    await waitUntil(() => requestLines().some((line) => line.req.path === '/api/health'), 30_000)
    const lines = requestLines()
    expect(lines.filter((line) => line.req.path === '/api/cameras')).toEqual([
      expect.objectContaining({ status: 200, ms: expect.any(Number) }),
    ])
    expect(lines.some((line) => line.req.path.startsWith('/live/'))).toBe(false)
    // The query string never reaches the log (it may carry tokens).
    expect(server.output()).not.toContain('_HLS_msn')
  })
})
