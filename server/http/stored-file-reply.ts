/**
 * Sends a stored file (streamed from disk) or a Buffer with byte-range support: `Accept-Ranges`, 206 with
 * `Content-Range` for one range, 416 past the end, ETag/Last-Modified with If-Range and If-None-Match,
 * and HEAD. The decision is byte-ranges.ts; this is the I/O around it.
 */
import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { answerByteRange, fileEtag, type StoredFileValidators } from './byte-ranges.ts'
import { RangeNotSatisfiableError } from './http-errors.ts'

export type StoredFileSource = { path: string } | { bytes: Buffer; modifiedAt: Date }

export interface StoredFileOptions {
  contentType: string
  cacheControl: string
}

export async function sendStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  source: StoredFileSource,
  options: StoredFileOptions,
): Promise<FastifyReply> {
  const body = await openBody(source)
  try {
    const { validators } = body
    const answer = answerByteRange(validators, {
      range: request.headers.range,
      ifRange: single(request.headers['if-range']),
      ifNoneMatch: single(request.headers['if-none-match']),
    })
    reply
      .header('Accept-Ranges', 'bytes')
      .header('ETag', validators.etag)
      .header('Last-Modified', validators.lastModified.toUTCString())
      .header('Cache-Control', options.cacheControl)
    if (answer.status === 304) {
      await body.close()
      return reply.code(304).send()
    }
    if (answer.status === 416) {
      reply.header('Content-Range', `bytes */${validators.size}`)
      const size = validators.size
      throw new RangeNotSatisfiableError(
        'request.range-unsatisfiable',
        { size },
        `the requested range "${request.headers.range}" lies beyond the file's ${size} bytes`,
      )
    }
    const [start, end] = answer.status === 206 ? [answer.start, answer.end] : [0, validators.size - 1]
    if (answer.status === 206) reply.code(206).header('Content-Range', `bytes ${start}-${end}/${validators.size}`)
    reply.type(options.contentType).header('Content-Length', Math.max(0, end - start + 1))
    if (request.method === 'HEAD' || end < start) {
      await body.close()
      // An empty stream: fastify's HEAD twin keeps the Content-Length set above for a stream, where it
      // would count an empty payload's 0 bytes (or read a file stream to its end to discard it).
      return reply.send(Readable.from([]))
    }
    return reply.send(body.read(start, end))
  } catch (error) {
    await body.close()
    throw error
  }
}

interface Body {
  validators: StoredFileValidators
  /** Bytes start..end inclusive; a file's stream closes the file when it ends or is destroyed. */
  read(start: number, end: number): Readable | Buffer
  close(): Promise<void>
}

async function openBody(source: StoredFileSource): Promise<Body> {
  if ('bytes' in source) {
    const etag = `"${createHash('sha1').update(source.bytes).digest('base64url')}"`
    return {
      validators: { size: source.bytes.length, etag, lastModified: source.modifiedAt },
      read: (start, end) => source.bytes.subarray(start, end + 1),
      close: async () => {},
    }
  }
  // Stat the open file rather than the path: a file renamed over it meanwhile cannot mix two versions.
  const handle = await open(source.path, 'r')
  let streaming = false
  let closed = false
  try {
    const info = await handle.stat()
    return {
      validators: { size: info.size, etag: fileEtag(info.size, info.mtimeMs), lastModified: info.mtime },
      read: (start, end) => {
        streaming = true
        return handle.createReadStream({ start, end, autoClose: true })
      },
      close: async () => {
        if (streaming || closed) return
        closed = true
        await handle.close()
      },
    }
  } catch (error) {
    await handle.close()
    throw error
  }
}

function single(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header.join(', ') : header
}
