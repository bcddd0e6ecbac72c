/** The byte-range shell over real HTTP on loopback: a file streamed from disk and a Buffer. */
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir } from '../testing/temp-dir.ts'
import { errorHandlerPlugin } from './error-handler-plugin.ts'
import { sendStoredFile } from './stored-file-reply.ts'

const tmp = makeTempDir('stored-file')
const content = randomBytes(10_000)
const path = join(tmp.path, 'clip.mp4')
const options = { contentType: 'video/mp4', cacheControl: 'private, max-age=3600' }
let app: FastifyInstance
let url: string

beforeAll(async () => {
  writeFileSync(path, content)
  app = Fastify()
  await app.register(errorHandlerPlugin)
  app.get('/file', (request, reply) => sendStoredFile(request, reply, { path }, options))
  app.get('/bytes', (request, reply) =>
    sendStoredFile(request, reply, { bytes: content, modifiedAt: new Date('2026-12-03T02:00:00Z') }, options),
  )
  url = await app.listen({ host: '127.0.0.1', port: 0 })
})
afterAll(async () => {
  await app.close()
  tmp.remove()
})

const get = (source: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${url}/${source}`, { method, headers })
const body = async (response: Response) => Buffer.from(await response.arrayBuffer())

describe.each(['file', 'bytes'])('a stored %s', (source) => {
  it('whole: 200 with its length, Accept-Ranges and validators', async () => {
    const response = await get(source)
    expect(response.status).toBe(200)
    expect(response.headers.get('accept-ranges')).toBe('bytes')
    expect(response.headers.get('content-type')).toBe('video/mp4')
    expect(response.headers.get('content-length')).toBe('10000')
    expect(response.headers.get('etag')).toMatch(/^"[^"]+"$/)
    expect(response.headers.get('last-modified')).toMatch(/GMT$/)
    expect((await body(response)).equals(content)).toBe(true)
  })

  it.each([
    ['one range', 'bytes=100-199', 100, 199],
    ['an open-ended range', 'bytes=9000-', 9000, 9999],
    ['a suffix range', 'bytes=-500', 9500, 9999],
  ])('%s: 206 with Content-Range and exactly those bytes', async (_name, range, start, end) => {
    const response = await get(source, { range })
    expect(response.status).toBe(206)
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/10000`)
    expect(response.headers.get('content-length')).toBe(String(end - start + 1))
    expect((await body(response)).equals(content.subarray(start, end + 1))).toBe(true)
  })

  it('a range past the end: 416 with the size in Content-Range and a coded error', async () => {
    const response = await get(source, { range: 'bytes=10000-' })
    expect(response.status).toBe(416)
    expect(response.headers.get('content-range')).toBe('bytes */10000')
    expect(await response.json()).toMatchObject({ code: 'request.range-unsatisfiable', params: { size: 10000 } })
  })

  it('HEAD: the headers of the GET, no body', async () => {
    const response = await get(source, { range: 'bytes=0-99' }, 'HEAD')
    expect(response.status).toBe(206)
    expect(response.headers.get('content-length')).toBe('100')
    expect(response.headers.get('content-range')).toBe('bytes 0-99/10000')
    expect((await body(response)).length).toBe(0)
  })

  it('If-Range with its ETag keeps the range; with another, the whole file', async () => {
    const etag = (await get(source, {}, 'HEAD')).headers.get('etag')!
    expect((await get(source, { range: 'bytes=0-9', 'if-range': etag })).status).toBe(206)
    expect((await get(source, { range: 'bytes=0-9', 'if-range': '"old"' })).status).toBe(200)
  })

  it('If-None-Match with its ETag: 304', async () => {
    const etag = (await get(source, {}, 'HEAD')).headers.get('etag')!
    expect((await get(source, { 'if-none-match': etag })).status).toBe(304)
  })
})
