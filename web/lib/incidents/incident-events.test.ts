import { describe, expect, it } from 'vitest'
import { applyEvent, applyEvents, applyToDetail, isAlertFor, snapshotOf } from './incident-events.ts'
import { entry, event, incident } from './fixtures.ts'

describe('applying incident events by sequence', () => {
  it('a new event replaces the incident and advances lastSeq', () => {
    const start = snapshotOf([incident({ id: 1 })], 10)
    const next = applyEvent(start, event(11, { id: 1, stage: 'accepted', version: 2 }))
    expect(next?.lastSeq).toBe(11)
    expect(next?.incidents.get(1)?.stage).toBe('accepted')
    expect(start.incidents.get(1)?.stage).toBe('reported')
  })

  it('an event at or below lastSeq is ignored (already on screen)', () => {
    const start = snapshotOf([incident({ id: 1 })], 10)
    expect(applyEvent(start, event(10, { id: 1, stage: 'accepted', version: 2 }))).toBeNull()
    expect(applyEvent(start, event(3, { id: 1, stage: 'accepted', version: 2 }))).toBeNull()
  })

  it('the same event twice is applied once', () => {
    const e = event(11, { id: 2, stage: 'reported' }, 'created')
    const { snapshot, applied } = applyEvents(snapshotOf([], 10), [e, e])
    expect(applied).toHaveLength(1)
    expect([...snapshot.incidents.keys()]).toEqual([2])
  })

  it('events arriving out of order are applied in sequence order', () => {
    const { snapshot, applied } = applyEvents(snapshotOf([], 0), [
      event(3, { id: 1, stage: 'dispatched', version: 3 }),
      event(1, { id: 1, stage: 'reported', version: 1 }, 'created'),
      event(2, { id: 1, stage: 'accepted', version: 2 }),
    ])
    expect(applied.map((e) => e.seq)).toEqual([1, 2, 3])
    expect(snapshot.incidents.get(1)?.stage).toBe('dispatched')
    expect(snapshot.lastSeq).toBe(3)
  })

  it('a replay after the list merges in: older versions never overwrite what the list shows', () => {
    // The server sends each replayed event with the incident as it is now, or as the list had it.
    const list = snapshotOf([incident({ id: 1, stage: 'acknowledged', version: 4 }), incident({ id: 2 })], 20)
    const { snapshot, applied } = applyEvents(list, [
      event(19, { id: 1, stage: 'dispatched', version: 3 }),
      event(21, { id: 1, stage: 'dispatched', version: 3 }),
      event(22, { id: 3, stage: 'reported' }, 'created'),
      event(23, { id: 2, stage: 'accepted', version: 2 }),
    ])
    expect(applied.map((e) => e.seq)).toEqual([21, 22, 23])
    expect(snapshot.incidents.get(1)).toMatchObject({ stage: 'acknowledged', version: 4 })
    expect(snapshot.incidents.get(2)?.stage).toBe('accepted')
    expect(snapshot.incidents.get(3)?.stage).toBe('reported')
    expect(snapshot.lastSeq).toBe(23)
  })
})

describe('an open detail', () => {
  const detail = {
    ...incident({ id: 5, version: 2, stage: 'dispatched' }),
    timeline: [entry(1, { kind: 'created' }), entry(2, { kind: 'dispatch' })],
  }

  it('takes the new fields and appends the entry once', () => {
    const e = event(
      9,
      { id: 5, stage: 'acknowledged', version: 3 },
      'transition',
      entry(3, { kind: 'acknowledge', from: 'dispatched', to: 'acknowledged' }),
    )
    const once = applyToDetail(detail, e)
    expect(once.stage).toBe('acknowledged')
    expect(once.timeline.map((x) => x.id)).toEqual([1, 2, 3])
    expect(applyToDetail(once, e).timeline.map((x) => x.id)).toEqual([1, 2, 3])
  })

  it('ignores events about other incidents', () => {
    expect(applyToDetail(detail, event(9, { id: 6 }, 'note', entry(7)))).toBe(detail)
  })
})

describe('department alerts', () => {
  const dispatch = entry(4, { kind: 'dispatch', from: 'accepted', to: 'dispatched' })
  const cases: Array<[string, Parameters<typeof isAlertFor>[0], string | null, boolean]> = [
    [
      'a dispatch to us as lead rings',
      event(1, { lead: 'urban-management', stage: 'dispatched' }, 'transition', dispatch),
      'urban-management',
      true,
    ],
    [
      'a dispatch with us assisting rings',
      event(1, { lead: 'police', assisting: ['urban-management'], stage: 'dispatched' }, 'transition', dispatch),
      'urban-management',
      true,
    ],
    [
      'a dispatch to someone else is silent',
      event(1, { lead: 'police', stage: 'dispatched' }, 'transition', dispatch),
      'urban-management',
      false,
    ],
    [
      'an escalation of our incident rings again',
      event(2, { lead: 'urban-management', stage: 'dispatched', escalated: true }, 'escalated'),
      'urban-management',
      true,
    ],
    [
      'our own acknowledgement is silent',
      event(3, { lead: 'urban-management', stage: 'acknowledged' }, 'transition', entry(5, { kind: 'acknowledge' })),
      'urban-management',
      false,
    ],
    ['a note is silent', event(3, { lead: 'urban-management' }, 'note', entry(5)), 'urban-management', false],
    [
      'an account without a department never rings',
      event(1, { lead: 'urban-management' }, 'transition', dispatch),
      null,
      false,
    ],
  ]
  for (const [name, e, department, expected] of cases) it(name, () => expect(isAlertFor(e, department)).toBe(expected))
})
