/**
 * Possible duplicates of a report: the same category, still open, reported in the last 30 minutes, from
 * the same camera or within ~100 m. Pure.
 */
import type { Incident, LatLngLike } from './duplicates-types.ts'

export const DUPLICATE_WINDOW_MS = 30 * 60_000
export const DUPLICATE_RADIUS_M = 100

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: LatLngLike, b: LatLngLike): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h))
}

export function possibleDuplicates(
  candidates: readonly Incident[],
  report: { cameraId: string | null; category: string; location: LatLngLike | null },
  now: number,
): Incident[] {
  return candidates.filter(
    (i) =>
      i.category === report.category &&
      now - Date.parse(i.reportedAt) <= DUPLICATE_WINDOW_MS &&
      ((report.cameraId !== null && i.cameraId === report.cameraId) ||
        (report.location !== null &&
          i.location !== null &&
          distanceMetres(report.location, i.location) <= DUPLICATE_RADIUS_M)),
  )
}
