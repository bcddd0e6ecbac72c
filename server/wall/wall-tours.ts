/**
 * A tour zone's cameras, resolved on the server from the configuration and sent in the monitor's state:
 * the wall's browser then starts its tour tiles without the camera list, and the kiosk's warm-up pages the
 * same list (server/contracts/wall-paging.ts). Pure.
 */
import type { WallPreset, WallTour, WallTourCameras } from '../contracts/wall.ts'

/** What a tour needs to know of a camera. */
export interface TourCamera {
  id: string
  categories: readonly string[]
  community: string
}

/** The tour's cameras: listed ids in order, else every camera of the categories and/or communities. */
export function tourCameras(tour: WallTour, cameras: readonly TourCamera[]): string[] {
  if (tour.cameras) return [...tour.cameras]
  return cameras
    .filter(
      (camera) =>
        (!tour.categories || camera.categories.some((category) => tour.categories!.includes(category))) &&
        (!tour.communities || tour.communities.includes(camera.community)),
    )
    .map((camera) => camera.id)
}

/** Every tour zone of `preset`, in the preset's order. */
export function presetTours(preset: WallPreset, cameras: readonly TourCamera[]): WallTourCameras[] {
  return preset.zones.flatMap((zone) =>
    zone.content.kind === 'tiles' && zone.content.tour
      ? [
          {
            zone: zone.id,
            cameras: tourCameras(zone.content.tour, cameras),
            dwellSeconds: zone.content.tour.dwellSeconds,
          },
        ]
      : [],
  )
}
