import { describe, expect, it } from 'vitest'
import { fitProjection, ringPath, type Position, type ViewBox } from './map-projection.ts'

const box: ViewBox = { width: 240, height: 180, padding: 8 }
// About 1 km square near Beijing: 0.01° of latitude, 0.01/cos(40°) of longitude.
const lat0 = 39.9
const dLng = 0.01 / Math.cos((lat0 + 0.005) * (Math.PI / 180))
const square: Position[] = [
  [116.4, lat0],
  [116.4 + dLng, lat0],
  [116.4 + dLng, lat0 + 0.01],
  [116.4, lat0 + 0.01],
  [116.4, lat0],
]

function bounds(points: [number, number][]) {
  const xs = points.map((p) => p[0]),
    ys = points.map((p) => p[1])
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) }
}

describe('fitProjection', () => {
  it('a square ring maps inside the viewBox, keeping the padding, centred', () => {
    const projection = fitProjection([square], box)!
    const b = bounds(square.map(([lng, lat]) => projection.project(lng, lat)))
    expect(b.minX).toBeGreaterThanOrEqual(box.padding - 1e-9)
    expect(b.minY).toBeGreaterThanOrEqual(box.padding - 1e-9)
    expect(b.maxX).toBeLessThanOrEqual(box.width - box.padding + 1e-9)
    expect(b.maxY).toBeLessThanOrEqual(box.height - box.padding + 1e-9)
    // The height is the tight side: it fills it, and the width is centred.
    expect(b.maxY - b.minY).toBeCloseTo(box.height - 2 * box.padding, 6)
    expect((b.minX + b.maxX) / 2).toBeCloseTo(box.width / 2, 6)
  })

  it('north is up: a larger latitude has a smaller y; east is right', () => {
    const projection = fitProjection([square], box)!
    const [, ySouth] = projection.project(116.4, lat0)
    const [, yNorth] = projection.project(116.4, lat0 + 0.01)
    expect(yNorth).toBeLessThan(ySouth)
    const [xWest] = projection.project(116.4, lat0)
    const [xEast] = projection.project(116.4 + dLng, lat0)
    expect(xEast).toBeGreaterThan(xWest)
  })

  it('keeps the aspect: a ground square stays square (cos(latitude) scaling), not stretched to the box', () => {
    const projection = fitProjection([square], box)!
    const b = bounds(square.map(([lng, lat]) => projection.project(lng, lat)))
    expect((b.maxX - b.minX) / (b.maxY - b.minY)).toBeCloseTo(1, 3)
  })

  it('a wide area fills the width and is centred vertically', () => {
    const wide: Position[] = [
      [0, 0],
      [2, 0],
      [2, 1],
      [0, 1],
      [0, 0],
    ]
    const projection = fitProjection([wide], box)!
    const b = bounds(wide.map(([lng, lat]) => projection.project(lng, lat)))
    expect(b.maxX - b.minX).toBeCloseTo(box.width - 2 * box.padding, 6)
    expect((b.maxX - b.minX) / (b.maxY - b.minY)).toBeCloseTo(2, 3)
    expect((b.minY + b.maxY) / 2).toBeCloseTo(box.height / 2, 6)
  })

  it('nothing to draw gives null; a single point is centred', () => {
    expect(fitProjection([], box)).toBeNull()
    expect(fitProjection([[]], box)).toBeNull()
    const point = fitProjection([[[116.4, 39.9]]], box)!
    expect(point.project(116.4, 39.9)).toEqual([120, 90])
  })
})

describe('ringPath', () => {
  it('draws a closed path in SVG units', () => {
    const projection = fitProjection([square], box)!
    const d = ringPath(square, projection)
    expect(d.startsWith('M')).toBe(true)
    expect(d.endsWith('Z')).toBe(true)
    expect(d.match(/L/g)).toHaveLength(square.length - 1)
  })
})
