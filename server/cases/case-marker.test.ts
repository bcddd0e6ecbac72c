import { describe, expect, it } from 'vitest'
import {
  CLOCK_SKEW_MS,
  MAX_DESCRIPTION_CHARS,
  MAX_WINDOW_MS,
  describeWithMarker,
  findMarked,
  halves,
  lookupWindows,
  markerFor,
} from './case-marker.ts'

const marker = markerFor('XH20261127-0001', '0b5c1c8e-3f0a-4d6e-9a59-1f4f3c2b7a10')
const at = (iso: string): number => Date.parse(iso)

describe('the marker in the description', () => {
  it.each([
    ['a short text keeps all of itself, the marker on its own last line', '道路积水：积水', '道路积水：积水'],
    ['an empty note still carries the marker', '', ''],
    [
      'a text too long for the spec is cut so that the marker still fits within 4,000 characters',
      '水'.repeat(5000),
      '水'.repeat(MAX_DESCRIPTION_CHARS - marker.length - 3),
    ],
  ])('%s', (_, text, kept) => {
    const description = describeWithMarker(text, marker)
    expect(description).toBe(`${kept}\n[${marker}]`)
    expect([...description].length).toBeLessThanOrEqual(MAX_DESCRIPTION_CHARS)
  })

  it('finds the request that carries it, the oldest first when an earlier fault made two', () => {
    const listed = [
      { service_request_id: 'XH-3', description: `b\n[${marker}]`, requested_datetime: '2026-11-27T02:05:00.000Z' },
      { service_request_id: 'XH-1', description: 'other', requested_datetime: '2026-11-27T02:00:00.000Z' },
      { service_request_id: 'XH-2', description: `a\n[${marker}]`, requested_datetime: '2026-11-27T02:01:00.000Z' },
      { service_request_id: 'XH-4', description: null, requested_datetime: null },
    ]
    expect(findMarked(listed, marker).map((r) => r.service_request_id)).toEqual(['XH-2', 'XH-3'])
    expect(findMarked(listed, markerFor('XH20261127-0001', 'another'))).toEqual([])
  })
})

describe('the search windows', () => {
  it('reach a clock skew before the first attempt and after now', () => {
    expect(lookupWindows(at('2026-11-27T02:00:00Z'), at('2026-11-27T02:10:00Z'))).toEqual([
      {
        start: new Date(at('2026-11-27T02:00:00Z') - CLOCK_SKEW_MS).toISOString(),
        end: new Date(at('2026-11-27T02:10:00Z') + CLOCK_SKEW_MS).toISOString(),
      },
    ])
  })

  it('come in pieces the spec allows when the first attempt is months old, newest first, covering all', () => {
    const first = at('2026-06-01T00:00:00Z')
    const now = at('2026-11-27T00:00:00Z')
    const windows = lookupWindows(first, now)
    expect(windows.length).toBe(3)
    for (const w of windows) expect(Date.parse(w.end) - Date.parse(w.start)).toBeLessThanOrEqual(MAX_WINDOW_MS)
    expect(windows[0]!.end).toBe(new Date(now + CLOCK_SKEW_MS).toISOString())
    expect(windows.at(-1)!.start).toBe(new Date(first - CLOCK_SKEW_MS).toISOString())
    for (let i = 1; i < windows.length; i++) expect(windows[i]!.end).toBe(windows[i - 1]!.start)
  })

  it('split in two halves that meet in the middle', () => {
    expect(halves({ start: '2026-11-27T00:00:00.000Z', end: '2026-11-27T02:00:00.000Z' })).toEqual([
      { start: '2026-11-27T00:00:00.000Z', end: '2026-11-27T01:00:00.000Z' },
      { start: '2026-11-27T01:00:00.000Z', end: '2026-11-27T02:00:00.000Z' },
    ])
  })
})
