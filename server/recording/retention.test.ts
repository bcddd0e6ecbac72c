import { describe, expect, it } from 'vitest'
import { DAY_MS, retentionDecision, type RetentionInput } from './retention.ts'
import type { RecordingSummary } from './recordings-repository.ts'

const MIN = 60_000
const NOW = 100 * DAY_MS

/** One-minute files of `bytes` each, `count` of them ending `endsAgoMs` before NOW for the newest. */
function files(cameraId: string, count: number, endsAgoMs: number, bytes = 100): RecordingSummary[] {
  return Array.from({ length: count }, (_, i) => {
    const endMs = NOW - endsAgoMs - (count - 1 - i) * MIN
    return { id: i + 1, cameraId, startMs: endMs - MIN, endMs, bytes, path: `${cameraId}/${i}.mp4` }
  })
}

const input = (over: Partial<RetentionInput>): RetentionInput => ({
  recordings: [],
  locks: [],
  retentionDays: () => 7,
  quotaBytes: 1e9,
  keepNewestMs: 10 * MIN,
  nowMs: NOW,
  ...over,
})

describe('retention and the quota', () => {
  it('files past their camera retention go, the rest stay', () => {
    const old = files('cam-a', 3, 8 * DAY_MS)
    const recent = files('cam-a', 2, DAY_MS).map((r) => ({ ...r, id: r.id + 10 }))
    const decision = retentionDecision(input({ recordings: [...old, ...recent] }))
    expect(decision.remove.map((r) => r.id)).toEqual([1, 2, 3])
    expect(decision.bytesAfter).toBe(200)
  })

  it('a lock keeps a file past retention and past the quota: an open incident needs it', () => {
    const old = files('cam-a', 3, 8 * DAY_MS)
    const lock = { incidentId: 1, cameraId: 'cam-a', fromMs: old[1]!.startMs + 1000, toMs: old[1]!.startMs + 2000 }
    const decision = retentionDecision(input({ recordings: old, locks: [lock], quotaBytes: 0 }))
    expect(decision.remove.map((r) => r.id)).toEqual([1, 3])
    expect(decision.bytesAfter).toBe(100)
  })

  it('a lock on another camera keeps nothing of this one', () => {
    const old = files('cam-a', 2, 8 * DAY_MS)
    const lock = { incidentId: 1, cameraId: 'cam-b', fromMs: 0, toMs: NOW }
    expect(retentionDecision(input({ recordings: old, locks: [lock] })).remove).toHaveLength(2)
  })

  it('over the quota, the oldest go first until it fits', () => {
    const a = files('cam-a', 5, DAY_MS)
    const decision = retentionDecision(input({ recordings: a, quotaBytes: 250 }))
    expect(decision.remove.map((r) => r.id)).toEqual([1, 2, 3])
    expect(decision.bytesAfter).toBe(200)
  })

  it('the quota never takes the last minutes: it reports what stays over instead', () => {
    const fresh = files('cam-a', 5, 0)
    const decision = retentionDecision(input({ recordings: fresh, quotaBytes: 100 }))
    expect(decision.remove).toEqual([])
    expect(decision.bytesAfter).toBe(500)
  })

  it('each camera has its own retention', () => {
    const a = files('cam-a', 1, 3 * DAY_MS)
    const b = files('cam-b', 1, 3 * DAY_MS).map((r) => ({ ...r, id: 9 }))
    const decision = retentionDecision(
      input({ recordings: [...a, ...b], retentionDays: (id) => (id === 'cam-a' ? 2 : 30) }),
    )
    expect(decision.remove.map((r) => r.cameraId)).toEqual(['cam-a'])
  })
})
