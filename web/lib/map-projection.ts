/**
 * The offline mini-map's projection: no tiles, just the street office's grid polygons drawn as SVG.
 * Equirectangular with cos(latitude) scaling (a street office spans a few km, where this is within a
 * pixel of Web Mercator), fitted into a fixed viewBox with padding, north up, aspect ratio kept.
 * Pure: the tests feed it rings and read back SVG coordinates.
 */

/** A GeoJSON position: [lng, lat]. */
export type Position = readonly [number, number]

export interface ViewBox {
  width: number
  height: number
  padding: number
}

export interface Projection {
  /** SVG x, y for a position; y grows downwards, so north is up. */
  project: (lng: number, lat: number) => [number, number]
}

export const DEFAULT_VIEW_BOX: ViewBox = { width: 240, height: 180, padding: 8 }

/**
 * Fits every position of `rings` into the viewBox, centred. Null when there is nothing to draw.
 * A single point (or a degenerate ring) is centred rather than divided by zero.
 */
export function fitProjection(
  rings: readonly (readonly Position[])[],
  box: ViewBox = DEFAULT_VIEW_BOX,
): Projection | null {
  let minLng = Infinity,
    maxLng = -Infinity,
    minLat = Infinity,
    maxLat = -Infinity
  for (const ring of rings) {
    for (const [lng, lat] of ring) {
      if (!Number.isFinite(lng) || !Number.isFinite(lat)) continue
      minLng = Math.min(minLng, lng)
      maxLng = Math.max(maxLng, lng)
      minLat = Math.min(minLat, lat)
      maxLat = Math.max(maxLat, lat)
    }
  }
  if (minLng > maxLng) return null
  // One degree of longitude is cos(latitude) as long as one of latitude: scale x by it at the centre.
  const kx = Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180))
  const spanX = (maxLng - minLng) * kx
  const spanY = maxLat - minLat
  const innerW = Math.max(0, box.width - 2 * box.padding)
  const innerH = Math.max(0, box.height - 2 * box.padding)
  const scale =
    spanX === 0 && spanY === 0
      ? 0
      : Math.min(spanX > 0 ? innerW / spanX : Infinity, spanY > 0 ? innerH / spanY : Infinity)
  const offsetX = (box.width - spanX * scale) / 2
  const offsetY = (box.height - spanY * scale) / 2
  return {
    project: (lng, lat) => [offsetX + (lng - minLng) * kx * scale, offsetY + (maxLat - lat) * scale],
  }
}

/** An SVG path `d` for a ring (closed with Z; the repeated last GeoJSON position is harmless). */
export function ringPath(ring: readonly Position[], projection: Projection): string {
  if (ring.length === 0) return ''
  const parts = ring.map(([lng, lat], index) => {
    const [x, y] = projection.project(lng, lat)
    return `${index === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`
  })
  return `${parts.join(' ')} Z`
}
