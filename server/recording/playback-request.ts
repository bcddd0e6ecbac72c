/**
 * Checks a playback request's time range, naming the field at fault: ISO 8601 instants, forwards, not
 * empty, not in the future, not before what retention keeps, not absurdly long. Pure.
 */
import { BadRequestError } from '../http/http-errors.ts'
import { DAY_MS } from './retention.ts'

export interface RangeRules {
  nowMs: number
  retentionDays: number
  maxLengthMs: number
}

const invalid = (field: string, problem: string): BadRequestError =>
  new BadRequestError('request.invalid', { field, problem }, `${field}: ${problem}`)

/** Milliseconds since the epoch of an ISO 8601 instant with a zone (`2026-12-03T10:00:00Z`, `...+08:00`). */
export function parseInstant(field: string, text: string | undefined): number {
  if (text === undefined || text === '')
    throw invalid(field, 'is required (an ISO 8601 time such as 2026-12-03T10:00:00Z)')
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text))
    throw invalid(field, `"${text}" is not an ISO 8601 time with a zone, such as 2026-12-03T10:00:00Z`)
  const ms = Date.parse(text)
  if (!Number.isFinite(ms)) throw invalid(field, `"${text}" is not a real date`)
  return ms
}

export function checkRange(
  fields: [string, string],
  fromMs: number,
  toMs: number,
  rules: RangeRules,
): { fromMs: number; toMs: number } {
  const [fromField, toField] = fields
  if (toMs < fromMs) throw invalid(toField, `must be after ${fromField} (the range is reversed)`)
  if (toMs === fromMs) throw invalid(toField, `must be after ${fromField} (the range is empty)`)
  if (fromMs > rules.nowMs) throw invalid(fromField, 'is in the future: nothing is recorded yet')
  const oldest = rules.nowMs - rules.retentionDays * DAY_MS
  if (toMs < oldest)
    throw invalid(toField, `is before the oldest recording kept (recordings are kept ${rules.retentionDays} days)`)
  if (toMs - fromMs > rules.maxLengthMs)
    throw invalid(toField, `the range is longer than ${Math.round(rules.maxLengthMs / 3_600_000)} hours`)
  return { fromMs, toMs: Math.min(toMs, rules.nowMs) }
}
