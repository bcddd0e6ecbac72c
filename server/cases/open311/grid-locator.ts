/** Which grid (and so community) a point lies in, from the grids' GeoJSON polygons. Pure. */
import type { Grid } from '../../contracts/camera-config.ts'

/** Ray casting on [lng, lat] rings; the outer ring only (grids have no holes). */
function inRing(ring: readonly (readonly [number, number])[], lng: number, lat: number): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

export function locateGrid(grids: readonly Grid[], lat: number, lng: number): Grid | undefined {
  return grids.find((g) => g.area.coordinates[0] !== undefined && inRing(g.area.coordinates[0], lng, lat))
}
