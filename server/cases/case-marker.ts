/**
 * The marker that lets the feed find a request it may already have sent, in a receiver that does not
 * de-duplicate: a line at the end of the request's `description` (the one free-text field every GeoReport v2
 * receiver stores and returns in `GET requests`), and the search windows that look for it.
 */

/** The spec's limit on `description`, in characters. */
export const MAX_DESCRIPTION_CHARS = 4000
/** How far the receiver's clock may be from ours: the search reaches this far on both sides. */
export const CLOCK_SKEW_MS = 15 * 60_000
/** The spec allows a search window of at most 90 days; a day less leaves room for rounding. */
export const MAX_WINDOW_MS = 89 * 24 * 3600_000

/** Stable across attempts: the incident code for people reading the case, a UUID so no other request shares it. */
export const markerFor = (incidentCode: string, uuid: string): string => `SE-REF:${incidentCode}/${uuid}`

/** Our text, cut so that the whole stays within the spec's limit, then the marker on a line of its own. */
export function describeWithMarker(text: string, marker: string): string {
  const tail = `\n[${marker}]`
  const room = MAX_DESCRIPTION_CHARS - [...tail].length
  const chars = [...text]
  return `${chars.length > room ? chars.slice(0, room).join('') : text}${tail}`
}

export interface ListedRequest {
  service_request_id: string
  description: string | null
  requested_datetime: string | null
}

/** The requests carrying the marker, oldest first (if an earlier fault made two, the first is the case). */
export function findMarked(requests: readonly ListedRequest[], marker: string): ListedRequest[] {
  const time = (r: ListedRequest): number => Date.parse(r.requested_datetime ?? '') || 0
  return requests.filter((r) => r.description?.includes(marker)).sort((a, b) => time(a) - time(b))
}

export interface SearchWindow {
  start: string
  end: string
}

/** From a little before the first attempt to a little after now, in pieces the spec allows, newest first. */
export function lookupWindows(firstSentAtMs: number, nowMs: number): SearchWindow[] {
  const from = firstSentAtMs - CLOCK_SKEW_MS
  const windows: SearchWindow[] = []
  for (let end = Math.max(nowMs, firstSentAtMs) + CLOCK_SKEW_MS; end > from; end -= MAX_WINDOW_MS) {
    windows.push({
      start: new Date(Math.max(from, end - MAX_WINDOW_MS)).toISOString(),
      end: new Date(end).toISOString(),
    })
  }
  return windows
}

/** A window split in two, for a search that hit the receiver's result limit. */
export function halves(window: SearchWindow): [SearchWindow, SearchWindow] {
  const middle = new Date((Date.parse(window.start) + Date.parse(window.end)) / 2).toISOString()
  return [
    { start: window.start, end: middle },
    { start: middle, end: window.end },
  ]
}
