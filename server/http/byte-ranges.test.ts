import { describe, expect, it } from 'vitest'
import { answerByteRange, type ByteRangeAnswer, type ConditionalHeaders } from './byte-ranges.ts'

const file = { size: 1000, etag: '"3e8-18c"', lastModified: new Date('2026-12-03T02:00:00Z') }

describe('answerByteRange', () => {
  it.each<[string, ConditionalHeaders, ByteRangeAnswer]>([
    ['no Range: the whole file', {}, { status: 200 }],
    ['one closed range', { range: 'bytes=0-99' }, { status: 206, start: 0, end: 99 }],
    ['an open-ended range runs to the end', { range: 'bytes=500-' }, { status: 206, start: 500, end: 999 }],
    ['a suffix range is the last n bytes', { range: 'bytes=-100' }, { status: 206, start: 900, end: 999 }],
    ['a suffix longer than the file is the whole file', { range: 'bytes=-5000' }, { status: 206, start: 0, end: 999 }],
    ['an end past the file is cut at the file', { range: 'bytes=990-2000' }, { status: 206, start: 990, end: 999 }],
    ['a start past the end cannot be satisfied', { range: 'bytes=1000-' }, { status: 416 }],
    ['an empty suffix cannot be satisfied', { range: 'bytes=-0' }, { status: 416 }],
    ['a reversed range is invalid, so ignored', { range: 'bytes=50-10' }, { status: 200 }],
    ['another unit is ignored', { range: 'items=0-5' }, { status: 200 }],
    ['several ranges are answered with the whole file', { range: 'bytes=0-1,5-9' }, { status: 200 }],
    ['garbage is ignored', { range: 'bytes=abc' }, { status: 200 }],
    [
      'If-Range with the current ETag keeps the range',
      { range: 'bytes=10-19', ifRange: '"3e8-18c"' },
      { status: 206, start: 10, end: 19 },
    ],
    ['If-Range with an old ETag sends the whole new file', { range: 'bytes=10-19', ifRange: '"1-1"' }, { status: 200 }],
    ['If-Range never matches a weak ETag', { range: 'bytes=10-19', ifRange: 'W/"3e8-18c"' }, { status: 200 }],
    [
      'If-Range with the Last-Modified date keeps the range',
      { range: 'bytes=10-19', ifRange: 'Thu, 03 Dec 2026 02:00:00 GMT' },
      { status: 206, start: 10, end: 19 },
    ],
    [
      'If-Range with another date sends the whole file',
      { range: 'bytes=10-19', ifRange: 'Thu, 03 Dec 2026 01:00:00 GMT' },
      { status: 200 },
    ],
    ['If-None-Match with the ETag: not modified', { ifNoneMatch: '"x", "3e8-18c"' }, { status: 304 }],
    ['If-None-Match compares weakly', { ifNoneMatch: 'W/"3e8-18c"', range: 'bytes=0-1' }, { status: 304 }],
    ['If-None-Match with another ETag: the file', { ifNoneMatch: '"x"' }, { status: 200 }],
  ])('%s', (_name, headers, answer) => {
    expect(answerByteRange(file, headers)).toEqual(answer)
  })

  it('an empty file satisfies no range', () => {
    expect(answerByteRange({ ...file, size: 0 }, { range: 'bytes=0-' })).toEqual({ status: 416 })
    expect(answerByteRange({ ...file, size: 0 }, { range: 'bytes=-1' })).toEqual({ status: 416 })
  })
})
