/**
 * Just enough HLS playlist reading for the benchmark's viewers: where the live edge is (the open segment
 * and its parts), what to fetch, and which blocking reload (`_HLS_msn`, `_HLS_part`) asks for the next
 * part. Pure; the LL-HLS rules themselves are checked by the packager's own tests.
 */

export interface PlaylistView {
  mediaSequence: number
  /** Segments listed with EXTINF (complete ones), in order. */
  segments: string[]
  /** Every EXT-X-PART URI, in order. */
  parts: string[]
  /** Parts after the last EXTINF: the open segment's. */
  openSegmentParts: number
  map: string | undefined
  preloadHint: string | undefined
}

const attribute = (line: string, name: string): string | undefined => new RegExp(`${name}="([^"]*)"`).exec(line)?.[1]

export function readPlaylist(text: string): PlaylistView {
  const view: PlaylistView = {
    mediaSequence: 0,
    segments: [],
    parts: [],
    openSegmentParts: 0,
    map: undefined,
    preloadHint: undefined,
  }
  let afterExtinf = false
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) view.mediaSequence = Number(line.slice(22))
    else if (line.startsWith('#EXT-X-MAP:')) view.map = attribute(line, 'URI')
    else if (line.startsWith('#EXT-X-PART:')) {
      const uri = attribute(line, 'URI')
      if (uri) view.parts.push(uri)
      view.openSegmentParts++
    } else if (line.startsWith('#EXT-X-PRELOAD-HINT:')) view.preloadHint = attribute(line, 'URI')
    else if (line.startsWith('#EXTINF:')) afterExtinf = true
    else if (afterExtinf && line !== '' && !line.startsWith('#')) {
      view.segments.push(line)
      view.openSegmentParts = 0
      afterExtinf = false
    }
  }
  return view
}

/** The blocking reload that asks for the part after the newest listed one (RFC 8216bis 6.2.5.2). */
export function nextReload(view: PlaylistView): { msn: number; part: number } {
  return { msn: view.mediaSequence + view.segments.length, part: view.openSegmentParts }
}

/** Is the playlist playable yet (lists at least one whole segment)? Used for ffmpeg's own HLS output. */
export function listsSegment(text: string): boolean {
  return readPlaylist(text).segments.length > 0
}
