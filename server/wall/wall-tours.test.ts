import { describe, expect, it } from 'vitest'
import type { WallPreset } from '../contracts/wall.ts'
import { presetTours, tourCameras, type TourCamera } from './wall-tours.ts'

const fleet: TourCamera[] = [
  { id: 'a', categories: ['road'], community: 'north' },
  { id: 'b', categories: ['market'], community: 'north' },
  { id: 'c', categories: ['road', 'school'], community: 'south' },
]

describe("a tour's cameras", () => {
  it.each([
    { name: 'listed cameras keep their order', tour: { cameras: ['c', 'a'], dwellSeconds: 10 }, expected: ['c', 'a'] },
    {
      name: 'a category tour takes that category',
      tour: { categories: ['road'], dwellSeconds: 10 },
      expected: ['a', 'c'],
    },
    {
      name: 'a community tour takes that community',
      tour: { communities: ['north'], dwellSeconds: 10 },
      expected: ['a', 'b'],
    },
    {
      name: 'category and community together narrow each other',
      tour: { categories: ['road'], communities: ['south'], dwellSeconds: 10 },
      expected: ['c'],
    },
    { name: 'a tour without a filter takes every camera', tour: { dwellSeconds: 10 }, expected: ['a', 'b', 'c'] },
  ])('$name', ({ tour, expected }) => expect(tourCameras(tour, fleet)).toEqual(expected))
})

describe("a preset's tours", () => {
  it('each tour zone with its cameras and dwell, in zone order; fixed lists and other zones are not tours', () => {
    const preset: WallPreset = {
      id: 'p',
      name: 'P',
      grid: { rows: 1, cols: 4 },
      zones: [
        {
          id: 'schools',
          row: 0,
          col: 0,
          content: { kind: 'tiles', tour: { categories: ['school'], dwellSeconds: 20 } },
        },
        { id: 'fixed', row: 0, col: 1, content: { kind: 'tiles', cameras: ['a'] } },
        { id: 'map', row: 0, col: 2, content: { kind: 'map' } },
        { id: 'north', row: 0, col: 3, content: { kind: 'tiles', tour: { communities: ['north'], dwellSeconds: 30 } } },
      ],
    }
    expect(presetTours(preset, fleet)).toEqual([
      { zone: 'schools', cameras: ['c'], dwellSeconds: 20 },
      { zone: 'north', cameras: ['a', 'b'], dwellSeconds: 30 },
    ])
  })
})
