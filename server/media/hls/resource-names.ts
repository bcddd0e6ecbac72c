/**
 * The names a stream's media is served under, and their strict parsing: a name either matches one of
 * these patterns exactly (no leading zeros, bounded digits) or is refused. Nothing here ever becomes a
 * file path.
 *   init-<generation>.mp4   the init segment (ftyp + moov) of one source run
 *   seg-<msn>.m4s           a whole segment, named by its media sequence number
 *   part-<number>.m4s       a part, named by a global part number rather than <msn>-<index>: the
 *                           preload hint must name the next part before anyone knows whether a
 *                           keyframe will make it the first part of a new segment.
 */

export type ResourceName =
  { kind: 'init'; generation: number } | { kind: 'segment'; msn: number } | { kind: 'part'; number: number }

const pattern = /^(init|seg|part)-(0|[1-9][0-9]{0,11})\.(mp4|m4s)$/

export function parseResourceName(name: string): ResourceName | undefined {
  const match = pattern.exec(name)
  if (!match) return undefined
  const [, prefix, digits, extension] = match
  const number = Number(digits)
  if (prefix === 'init' && extension === 'mp4') return { kind: 'init', generation: number }
  if (prefix === 'seg' && extension === 'm4s') return { kind: 'segment', msn: number }
  if (prefix === 'part' && extension === 'm4s') return { kind: 'part', number }
  return undefined
}

export const initName = (generation: number): string => `init-${generation}.mp4`
export const segmentName = (msn: number): string => `seg-${msn}.m4s`
export const partName = (number: number): string => `part-${number}.m4s`
