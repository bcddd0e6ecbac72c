import { describe, expect, it } from 'vitest'
import type { WallTourCameras } from './wall.ts'
import { splitOf, tilePage, zonePage, type TilesContent } from './wall-paging.ts'

describe('tilePage: the page of a list shown at a clock time', () => {
  it.each([
    { name: 'the first page from the epoch', nowMs: 0, expected: { cameras: ['a'], page: 0, pages: 3 } },
    { name: 'the last instant of the first dwell', nowMs: 9_999, expected: { cameras: ['a'], page: 0, pages: 3 } },
    { name: 'the next page at the dwell', nowMs: 10_000, expected: { cameras: ['b'], page: 1, pages: 3 } },
    { name: 'the last page', nowMs: 25_000, expected: { cameras: ['c'], page: 2, pages: 3 } },
    { name: 'wrapping around to the first', nowMs: 30_000, expected: { cameras: ['a'], page: 0, pages: 3 } },
  ])('$name', ({ nowMs, expected }) => expect(tilePage(['a', 'b', 'c'], 1, 10, nowMs)).toEqual(expected))

  it('a last page holds what is left', () => {
    expect(tilePage(['a', 'b', 'c', 'd', 'e'], 4, 20, 20_000)).toEqual({ cameras: ['e'], page: 1, pages: 2 })
  })

  it('without a dwell, the first page at any time', () => {
    expect(tilePage(['a', 'b', 'c'], 1, null, 25_000)).toEqual({ cameras: ['a'], page: 0, pages: 3 })
  })

  it('an empty list is one empty page', () => {
    expect(tilePage([], 4, 10, 25_000)).toEqual({ cameras: [], page: 0, pages: 1 })
  })
})

describe('splitOf', () => {
  it.each<{ name: string; content: TilesContent; expected: number }>([
    { name: 'the configured split', content: { kind: 'tiles', cameras: ['a'], split: 9 }, expected: 9 },
    { name: 'one camera fills the zone', content: { kind: 'tiles', cameras: ['a'] }, expected: 1 },
    { name: 'three cameras take a 2x2', content: { kind: 'tiles', cameras: ['a', 'b', 'c'] }, expected: 4 },
    { name: 'a tour pages four at a time', content: { kind: 'tiles', tour: { dwellSeconds: 10 } }, expected: 4 },
  ])('$name', ({ content, expected }) => expect(splitOf(content)).toBe(expected))
})

describe('zonePage: the cameras a tiles zone shows at a clock time', () => {
  const tours: WallTourCameras[] = [{ zone: 'schools', cameras: ['s1', 's2', 's3'], dwellSeconds: 20 }]
  const tour = {
    id: 'schools',
    content: { kind: 'tiles' as const, tour: { categories: ['school'], dwellSeconds: 20 }, split: 1 as const },
  }

  it("a tour pages the cameras the server resolved for its zone, with the state's dwell", () => {
    const at = (seconds: number): string[] => zonePage(tour, tours, seconds * 1000).cameras
    expect([at(0), at(20), at(45), at(60)]).toEqual([['s1'], ['s2'], ['s3'], ['s1']])
  })

  it('a fixed list stays on its first page', () => {
    const fixed = { id: 'roads', content: { kind: 'tiles' as const, cameras: ['a', 'b'] } }
    expect(zonePage(fixed, tours, 45_000)).toEqual({ cameras: ['a', 'b'], page: 0, pages: 1 })
  })

  it('a tour the state does not resolve shows nothing rather than guessing', () => {
    expect(zonePage({ ...tour, id: 'other' }, tours, 0)).toEqual({ cameras: [], page: 0, pages: 1 })
  })
})
