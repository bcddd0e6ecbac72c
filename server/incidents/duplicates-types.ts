/** The slice of an incident duplicate detection reads. */
export interface LatLngLike {
  lat: number
  lng: number
}
export interface Incident {
  id: number
  category: string
  cameraId: string | null
  location: LatLngLike | null
  reportedAt: string
}
