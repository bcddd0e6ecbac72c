import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCaseSystem, type RunningCaseSystem } from '../../fixtures/case-system/case-system.ts'
import { GeoReportClient, GeoReportError } from './georeport-client.ts'

// Whether a failed call may have been applied on the far side decides between sending again and looking
// the request up first: each way a call can fail, over real sockets.
let cases: RunningCaseSystem
let gateway: Server
let gatewayUrl: string

beforeAll(async () => {
  cases = await startCaseSystem({ plain: true })
  // What sits in front of some case systems: a gateway that gave up on the system behind it, or an answer
  // cut off mid-way.
  gateway = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.url?.startsWith('/cut/')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
        res.write('[{"service_req')
        setImmediate(() => res.destroy())
        return
      }
      res.writeHead(504, { 'content-type': 'text/plain' })
      res.end('gateway timeout')
    })
  })
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve))
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`
})
afterAll(async () => {
  await cases?.close()
  await new Promise((resolve) => gateway?.close(resolve))
})

const fields = { service_code: 'RD', address_string: '中华大街', description: 'test' }
async function failure(client: GeoReportClient): Promise<GeoReportError> {
  const error: unknown = await client.createRequest(fields).then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof GeoReportError)) throw new Error(`expected a GeoReportError, got ${String(error)}`)
  return error
}
const client = (url = cases.url, timeoutMs = 10_000) => new GeoReportClient(url, 'demo-case-key', undefined, timeoutMs)

describe('a failed call, and whether it may have been applied', () => {
  it('refused before sending (the case system is down): certainly not applied', async () => {
    await cases.setFault({ mode: 'down' })
    try {
      expect(await failure(client())).toMatchObject({ status: null, maybeApplied: false })
    } finally {
      await cases.clearFault()
    }
  })

  it('answered 500 by the case system itself: not applied', async () => {
    await cases.setFault({ mode: 'http500', times: 1 })
    expect(await failure(client())).toMatchObject({ status: 500, maybeApplied: false })
  })

  it('the connection closed after the call was sent: may have been applied (and was)', async () => {
    const before = cases.requests().length
    await cases.setFault({ mode: 'drop-response', times: 1 })
    expect(await failure(client())).toMatchObject({ status: null, maybeApplied: true })
    expect(cases.requests()).toHaveLength(before + 1)
  })

  it('no answer within the timeout: may have been applied', async () => {
    await cases.setFault({ mode: 'slow', slowMs: 60_000, times: 1 })
    const error = await failure(client(cases.url, 300))
    expect(error).toMatchObject({ status: null, maybeApplied: true })
    expect(error.message).toMatch(/TimeoutError/)
  })

  it('a gateway answering 504: may have been applied behind it', async () => {
    expect(await failure(client(gatewayUrl))).toMatchObject({ status: 504, maybeApplied: true })
  })

  it('an answer cut off mid-way: may have been applied', async () => {
    expect(await failure(client(`${gatewayUrl}/cut`))).toMatchObject({ maybeApplied: true })
  })
})

describe('reading requests back', () => {
  it('lists the requests of a window and service with their descriptions', async () => {
    const c = client()
    const answer = await c.createRequest({ ...fields, description: 'listed\n[SE-REF:X/1]' })
    expect(answer).toHaveProperty('serviceRequestId')
    const now = Date.now()
    const listed = await c.requestsBetween(
      new Date(now - 60_000).toISOString(),
      new Date(now + 60_000).toISOString(),
      'RD',
    )
    expect(listed.find((r) => r.description === 'listed\n[SE-REF:X/1]')?.service_request_id).toBe(
      'serviceRequestId' in answer ? answer.serviceRequestId : null,
    )
    expect(
      await c.requestsBetween(new Date(now - 60_000).toISOString(), new Date(now + 60_000).toISOString(), 'FS'),
    ).toEqual([])
  })
})
