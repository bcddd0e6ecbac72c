/**
 * Which recordings go: past their camera's retention, then the oldest while the store is over its quota;
 * never one overlapping a lock (an open incident's evidence range), and never for the quota one from the
 * last `keepNewestMs` (the store would otherwise swallow what it has just written: when only those are
 * left, recording has to stop instead). Pure: rows, locks and the clock in,
 * the ids to delete and what would still be over the quota out.
 */
import type { RecordingLock, RecordingSummary } from './recordings-repository.ts'

export const DAY_MS = 86_400_000

export interface RetentionInput {
  recordings: readonly RecordingSummary[]
  locks: readonly RecordingLock[]
  /** Days each camera's recordings are kept; a camera no rule records any more keeps the longest of them. */
  retentionDays: (cameraId: string) => number
  quotaBytes: number
  keepNewestMs: number
  nowMs: number
}

export interface RetentionDecision {
  remove: RecordingSummary[]
  /** Bytes the store still holds after the removals: above quotaBytes when locks hold too much. */
  bytesAfter: number
}

export function isLocked(recording: RecordingSummary, locks: readonly RecordingLock[]): boolean {
  return locks.some(
    (lock) => lock.cameraId === recording.cameraId && lock.fromMs < recording.endMs && lock.toMs > recording.startMs,
  )
}

export function retentionDecision(input: RetentionInput): RetentionDecision {
  const oldestFirst = [...input.recordings].sort((a, b) => a.startMs - b.startMs)
  const removable = oldestFirst.filter((r) => !isLocked(r, input.locks))
  const remove = new Set<RecordingSummary>()
  for (const recording of removable) {
    if (recording.endMs < input.nowMs - input.retentionDays(recording.cameraId) * DAY_MS) remove.add(recording)
  }
  let bytes = oldestFirst.reduce((sum, r) => sum + r.bytes, 0)
  for (const r of remove) bytes -= r.bytes
  for (const recording of removable) {
    if (bytes <= input.quotaBytes || recording.endMs > input.nowMs - input.keepNewestMs) break
    if (remove.has(recording)) continue
    remove.add(recording)
    bytes -= recording.bytes
  }
  return { remove: [...remove], bytesAfter: bytes }
}
