import { describe, expect, it } from 'vitest'
import { event } from '../../lib/incidents/fixtures.ts'
import { applyWallEvent, CLOSED_KEPT, type WallIncidents } from './wall-incidents.ts'

const EMPTY: WallIncidents = { snapshot: { incidents: new Map(), lastSeq: 0 }, closed: new Map() }

function applyAll(events: Parameters<typeof applyWallEvent>[1][], from: WallIncidents = EMPTY): WallIncidents {
  return events.reduce((current, next) => applyWallEvent(current, next) ?? current, from)
}

describe('applyWallEvent', () => {
  it('shows an open incident and lets it go when it is closed, keeping the sequence', () => {
    const open = applyAll([event(1, { id: 7, stage: 'reported', version: 1 })])
    expect([...open.snapshot.incidents.keys()]).toEqual([7])
    const closed = applyAll([event(2, { id: 7, stage: 'closed', version: 2 })], open)
    expect(closed.snapshot.incidents.size).toBe(0)
    expect(closed.snapshot.lastSeq).toBe(2)
    expect(closed.closed.get(7)).toBe(2)
  })

  it('ignores an event already applied', () => {
    const open = applyAll([event(3, { id: 7 })])
    expect(applyWallEvent(open, event(3, { id: 7 }))).toBeNull()
  })

  it('does not bring a closed incident back with a late event that carries an older version', () => {
    const closed = applyAll([event(5, { id: 7, stage: 'closed', version: 4 })])
    const late = applyAll([event(6, { id: 7, stage: 'in-progress', version: 3 })], closed)
    expect(late.snapshot.incidents.size).toBe(0)
    expect(late.snapshot.lastSeq).toBe(6)
  })

  it('shows a reopened incident again (a newer version than the one that closed it)', () => {
    const closed = applyAll([event(5, { id: 7, stage: 'closed', version: 4 })])
    const reopened = applyAll([event(6, { id: 7, stage: 'in-progress', version: 5 })], closed)
    expect(reopened.snapshot.incidents.get(7)?.stage).toBe('in-progress')
    expect(reopened.closed.has(7)).toBe(false)
  })

  it('holds no more than the open incidents and the last closed ones, however many a day brings', () => {
    const day = Array.from({ length: 1000 }, (_, i) => [
      event(2 * i + 1, { id: i + 1, stage: 'reported', version: 1 }),
      event(2 * i + 2, { id: i + 1, stage: i % 10 === 0 ? 'dispatched' : 'closed', version: 2 }),
    ]).flat()
    const after = applyAll(day)
    expect(after.snapshot.incidents.size).toBe(100)
    expect(after.closed.size).toBe(CLOSED_KEPT)
    // The newest closed ones are those remembered.
    expect(after.closed.has(1000)).toBe(true)
    expect(after.closed.has(2)).toBe(false)
  })
})
