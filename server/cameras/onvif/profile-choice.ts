/**
 * Which ONVIF profiles feed the console: the main profile (highest resolution, for the single view and
 * the wall) and the sub profile (the smallest that is still usable, >= 320 px wide, for the grid of many
 * cameras). Video profiles only: a JPEG/MJPEG profile is a snapshot feed, not a stream.
 */
import type { OnvifProfile } from './onvif-parse.ts'

export const MIN_SUB_WIDTH = 320

export interface ProfileChoice {
  main: OnvifProfile
  /** The same as main when the camera has nothing smaller that is usable. */
  sub: OnvifProfile
}

const isVideo = (p: OnvifProfile): boolean => !/^(jpeg|mjpeg|jpg)$/i.test(p.encoding ?? '')
const pixels = (p: OnvifProfile): number => (p.width ?? 0) * (p.height ?? 0)

/** null when the camera has no video profile at all. Ties keep the camera's own order. */
export function chooseProfiles(profiles: readonly OnvifProfile[]): ProfileChoice | null {
  const video = profiles.filter(isVideo)
  if (video.length === 0) return null
  const main = video.reduce((best, p) => (pixels(p) > pixels(best) ? p : best))
  const usable = video.filter((p) => p !== main && (p.width ?? 0) >= MIN_SUB_WIDTH && pixels(p) < pixels(main))
  const sub = usable.reduce<OnvifProfile | undefined>(
    (best, p) => (!best || pixels(p) < pixels(best) ? p : best),
    undefined,
  )
  return { main, sub: sub ?? main }
}

export function codecOf(encoding: string | undefined): 'h264' | 'h265' | 'unknown' {
  const e = (encoding ?? '').toLowerCase()
  if (e === 'h264' || e === 'avc') return 'h264'
  if (e === 'h265' || e === 'hevc') return 'h265'
  return 'unknown'
}
