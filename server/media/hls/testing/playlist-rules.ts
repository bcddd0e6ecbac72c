/**
 * A small checker for the LL-HLS rules this packager must keep (draft-pantos-hls-rfc8216bis), used by
 * the tests on every playlist they render. Returns the broken rules as sentences; empty means valid.
 * checkPlaylistSuccession compares two playlists of the same stream taken in order.
 */

export interface ParsedPlaylist {
  version: number | undefined
  targetDuration: number
  partTarget: number
  partHoldBack: number
  mediaSequence: number
  discontinuitySequence: number
  segments: Array<{
    uri: string
    duration: number
    parts: Array<{ uri: string; duration: number; independent: boolean }>
    discontinuity: boolean
    map: string | undefined
  }>
  trailingParts: Array<{ uri: string; duration: number; independent: boolean }>
  preloadHint: string | undefined
  lines: string[]
}

function attribute(line: string, name: string): string | undefined {
  return new RegExp(`(?:^|[:,])${name}=("[^"]*"|[^,]*)`).exec(line)?.[1]?.replace(/^"|"$/g, '')
}

export function parsePlaylist(text: string): ParsedPlaylist {
  const lines = text.split('\n').filter((line) => line !== '')
  const tag = (name: string) => lines.find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1)
  const serverControl = tag('#EXT-X-SERVER-CONTROL') ?? ''
  const playlist: ParsedPlaylist = {
    version: tag('#EXT-X-VERSION') === undefined ? undefined : Number(tag('#EXT-X-VERSION')),
    targetDuration: Number(tag('#EXT-X-TARGETDURATION')),
    partTarget: Number(attribute(tag('#EXT-X-PART-INF') ?? '', 'PART-TARGET')),
    partHoldBack: Number(attribute(serverControl, 'PART-HOLD-BACK')),
    mediaSequence: Number(tag('#EXT-X-MEDIA-SEQUENCE')),
    discontinuitySequence: Number(tag('#EXT-X-DISCONTINUITY-SEQUENCE') ?? 0),
    segments: [],
    trailingParts: [],
    preloadHint: attribute(tag('#EXT-X-PRELOAD-HINT') ?? '', 'URI'),
    lines,
  }
  let parts: ParsedPlaylist['trailingParts'] = []
  let discontinuity = false
  let map: string | undefined
  let duration: number | undefined
  for (const line of lines) {
    if (line.startsWith('#EXT-X-PART:'))
      parts.push({
        uri: attribute(line, 'URI') ?? '',
        duration: Number(attribute(line, 'DURATION')),
        independent: attribute(line, 'INDEPENDENT') === 'YES',
      })
    else if (line === '#EXT-X-DISCONTINUITY') discontinuity = true
    else if (line.startsWith('#EXT-X-MAP:')) map = attribute(line, 'URI')
    else if (line.startsWith('#EXTINF:')) duration = Number(line.slice(8).split(',')[0])
    else if (!line.startsWith('#') && duration !== undefined) {
      playlist.segments.push({ uri: line, duration, parts, discontinuity, map })
      parts = []
      discontinuity = false
      map = undefined
      duration = undefined
    }
  }
  playlist.trailingParts = parts
  return playlist
}

/** The spec's decimal-floating-point: digits with an optional fraction, no sign or exponent. */
const decimalFloatingPoint = /^\d+(\.\d+)?$/

export function checkPlaylist(text: string): string[] {
  const problems: string[] = []
  const playlist = parsePlaylist(text)
  const { lines, targetDuration, partTarget } = playlist
  if (lines[0] !== '#EXTM3U') problems.push('the first line is #EXTM3U')
  for (const name of [
    '#EXT-X-VERSION',
    '#EXT-X-TARGETDURATION',
    '#EXT-X-MEDIA-SEQUENCE',
    '#EXT-X-PART-INF',
    '#EXT-X-SERVER-CONTROL',
    '#EXT-X-PRELOAD-HINT',
  ]) {
    const count = lines.filter((line) => line.startsWith(`${name}:`)).length
    if (count !== 1) problems.push(`${name} appears exactly once (found ${count})`)
  }
  if (!Number.isInteger(targetDuration) || targetDuration < 1)
    problems.push('EXT-X-TARGETDURATION is a positive integer')
  if (!lines.some((line) => line.startsWith('#EXT-X-SERVER-CONTROL:') && line.includes('CAN-BLOCK-RELOAD=YES')))
    problems.push('the server declares CAN-BLOCK-RELOAD=YES')
  if (!(playlist.partHoldBack >= 3 * partTarget - 1e-9))
    problems.push(`PART-HOLD-BACK ${playlist.partHoldBack} is at least three times PART-TARGET ${partTarget}`)
  if (playlist.segments[0] && !playlist.segments[0].map) problems.push('EXT-X-MAP comes before the first segment')
  for (const line of lines) {
    for (const value of [/^#EXTINF:([^,]*),/.exec(line)?.[1], attribute(line, 'DURATION')]) {
      if (
        line.startsWith('#EXT') &&
        value !== undefined &&
        (line.startsWith('#EXTINF') || line.startsWith('#EXT-X-PART:')) &&
        !decimalFloatingPoint.test(value)
      )
        problems.push(`durations are decimal-floating-point: ${line}`)
    }
  }
  const allParts = [...playlist.segments.flatMap((segment) => segment.parts), ...playlist.trailingParts]
  for (const part of allParts)
    if (part.duration > partTarget)
      problems.push(`part ${part.uri} (${part.duration}) is within PART-TARGET ${partTarget}`)
  playlist.segments.forEach((segment, index) => {
    if (Math.round(segment.duration) > targetDuration)
      problems.push(
        `segment ${segment.uri} (${segment.duration}), rounded, is within EXT-X-TARGETDURATION ${targetDuration}`,
      )
    if (segment.uri !== `seg-${playlist.mediaSequence + index}.m4s`)
      problems.push(
        `segment ${index} is seg-${playlist.mediaSequence + index}.m4s (MEDIA-SEQUENCE + position), not ${segment.uri}`,
      )
    if (segment.discontinuity && !segment.map)
      problems.push(`segment ${segment.uri} after a discontinuity names its new init with EXT-X-MAP`)
    if (segment.parts.length > 0) {
      const sum = segment.parts.reduce((total, part) => total + part.duration, 0)
      if (Math.abs(sum - segment.duration) > 0.001 * segment.parts.length)
        problems.push(`the parts of ${segment.uri} add up to its EXTINF (${sum} vs ${segment.duration})`)
      // Every part but a segment's last must be at least 85% of PART-TARGET (rfc8216bis 4.4.4.9).
      segment.parts.slice(0, -1).forEach((part) => {
        if (part.duration < 0.85 * partTarget - 1e-9)
          problems.push(
            `part ${part.uri} (${part.duration}) that does not end its segment is at least 85% of PART-TARGET`,
          )
      })
    }
  })
  const partNumbers = allParts.map((part) => Number(/^part-(\d+)\.m4s$/.exec(part.uri)?.[1]))
  partNumbers.forEach((number, index) => {
    if (index > 0 && number !== partNumbers[index - 1]! + 1)
      problems.push(`part numbers run on by one (${partNumbers[index - 1]} then ${number})`)
  })
  const lastPart = partNumbers.at(-1)
  if (lastPart !== undefined && playlist.preloadHint !== `part-${lastPart + 1}.m4s`)
    problems.push(
      `the preload hint ${playlist.preloadHint} names the part after the last listed one (part-${lastPart + 1}.m4s)`,
    )
  if (!lines.some((line) => line.startsWith('#EXT-X-PRELOAD-HINT:TYPE=PART,')))
    problems.push('the preload hint is of TYPE=PART')
  return problems
}

/** Rules between an earlier and a later playlist of the same stream. */
export function checkPlaylistSuccession(earlierText: string, laterText: string): string[] {
  const earlier = parsePlaylist(earlierText)
  const later = parsePlaylist(laterText)
  const problems: string[] = []
  if (later.targetDuration !== earlier.targetDuration)
    problems.push(`EXT-X-TARGETDURATION does not change (${earlier.targetDuration} then ${later.targetDuration})`)
  if (later.mediaSequence < earlier.mediaSequence) problems.push('EXT-X-MEDIA-SEQUENCE never goes back')
  const dropped = later.mediaSequence - earlier.mediaSequence
  const droppedDiscontinuities = earlier.segments
    .slice(0, Math.max(0, dropped))
    .filter((segment) => segment.discontinuity).length
  if (later.discontinuitySequence !== earlier.discontinuitySequence + droppedDiscontinuities)
    problems.push(
      `EXT-X-DISCONTINUITY-SEQUENCE counts the discontinuities that left (${earlier.discontinuitySequence} + ${droppedDiscontinuities} vs ${later.discontinuitySequence})`,
    )
  for (const segment of earlier.segments) {
    const same = later.segments.find((candidate) => candidate.uri === segment.uri)
    if (same && same.duration !== segment.duration) problems.push(`segment ${segment.uri} keeps its duration`)
  }
  return problems
}
