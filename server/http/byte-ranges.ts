/**
 * Which bytes of a stored file to answer with (RFC 9110 §14 and §13.1): a pure decision from the
 * request's Range, If-Range and If-None-Match headers and the file's size and validators. A `<video>`
 * seeks by asking for ranges; a server that answers 200 to them leaves it unable to seek.
 *
 * Following the RFC, a Range header that cannot be parsed, or that asks for several ranges, is ignored
 * (the whole file, 200): a browser never sends several, and answering multipart is not worth its code.
 */

export interface StoredFileValidators {
  size: number
  /** A strong ETag, quoted. */
  etag: string
  lastModified: Date
}

export interface ConditionalHeaders {
  range?: string | undefined
  ifRange?: string | undefined
  ifNoneMatch?: string | undefined
}

export type ByteRangeAnswer =
  { status: 200 } | { status: 206; start: number; end: number } | { status: 304 } | { status: 416 }

export function answerByteRange(file: StoredFileValidators, headers: ConditionalHeaders): ByteRangeAnswer {
  if (headers.ifNoneMatch !== undefined && matchesAnyEtag(headers.ifNoneMatch, file.etag)) return { status: 304 }
  if (headers.range === undefined) return { status: 200 }
  // A Range under an If-Range that no longer matches asks for a file that has changed: send it whole.
  if (headers.ifRange !== undefined && !ifRangeHolds(headers.ifRange, file)) return { status: 200 }
  const range = parseSingleRange(headers.range)
  if (!range) return { status: 200 }
  if (range.kind === 'suffix') {
    if (range.length === 0 || file.size === 0) return { status: 416 }
    return { status: 206, start: Math.max(0, file.size - range.length), end: file.size - 1 }
  }
  if (range.start >= file.size) return { status: 416 }
  return { status: 206, start: range.start, end: Math.min(range.end ?? Infinity, file.size - 1) }
}

/** A strong validator from what changes when a stored file is replaced: its size and modification time. */
export function fileEtag(size: number, modifiedMs: number): string {
  return `"${size.toString(16)}-${Math.floor(modifiedMs).toString(16)}"`
}

type SingleRange = { kind: 'from'; start: number; end: number | undefined } | { kind: 'suffix'; length: number }

function parseSingleRange(header: string): SingleRange | undefined {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header)
  if (!match) return undefined
  const [, first, last] = match as unknown as [string, string, string]
  if (first === '' && last === '') return undefined
  if (first === '') return { kind: 'suffix', length: Number(last) }
  const start = Number(first)
  const end = last === '' ? undefined : Number(last)
  if (!Number.isSafeInteger(start) || (end !== undefined && (!Number.isSafeInteger(end) || end < start)))
    return undefined
  return { kind: 'from', start, end }
}

function ifRangeHolds(ifRange: string, file: StoredFileValidators): boolean {
  const value = ifRange.trim()
  // An entity tag (only a strong one can match) or an HTTP date that must equal Last-Modified exactly.
  if (value.startsWith('"') || value.startsWith('W/')) return value === file.etag
  const date = Date.parse(value)
  return Number.isFinite(date) && Math.floor(date / 1000) === Math.floor(file.lastModified.getTime() / 1000)
}

function matchesAnyEtag(header: string, etag: string): boolean {
  if (header.trim() === '*') return true
  // Weak comparison (§13.1.2): W/"x" matches "x".
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}
