/**
 * Times as the site's clock shows them, for `<input type="datetime-local" step="1">` fields: the browser's
 * own zone may differ from the site's (a supervisor at home), and the recording is found by the site's
 * clock. Pure.
 */
import { zoneDateTimeText } from '../../../server/contracts/zone-clock.ts'

/** `YYYY-MM-DDTHH:mm:ss` of an instant in the zone. */
export function toLocalInput(ms: number, timeZone: string): string {
  return zoneDateTimeText(ms, timeZone, 'T')
}

/** The instant a `YYYY-MM-DDTHH:mm[:ss]` field means in the zone; undefined for anything else. */
export function fromLocalInput(text: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim())
  if (!match) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as number[]
  const asUtc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!)
  if (!Number.isFinite(asUtc)) return undefined
  // The zone's offset at that moment, found from a first guess and corrected once (DST edges).
  let guess = asUtc
  for (let i = 0; i < 2; i++) guess = asUtc - (Date.parse(`${toLocalInput(guess, timeZone)}Z`) - guess)
  return guess
}
