import { describe, expect, it } from 'vitest'
import { incident } from '../../lib/incidents/fixtures.ts'
import { inboxList, roleIn } from './inbox-view.ts'

const now = Date.parse('2026-11-27T06:30:00.000Z')
const due = (minutes: number): string => new Date(now + minutes * 60_000).toISOString()

describe('the department inbox', () => {
  const list = [
    incident({ id: 1, stage: 'dispatched', lead: 'urban-management', acknowledgeDueAt: due(8), handleDueAt: due(60) }),
    incident({ id: 2, stage: 'in-progress', lead: 'urban-management', handleDueAt: due(-3) }),
    incident({ id: 3, stage: 'handled', lead: 'urban-management' }),
    incident({
      id: 4,
      stage: 'dispatched',
      lead: 'urban-management',
      acknowledgeDueAt: due(20),
      handleDueAt: due(60),
      escalated: true,
    }),
    incident({ id: 5, stage: 'returned', lead: 'urban-management' }),
  ]

  it('shows open work most urgent first: escalated, overdue, then the nearest deadline', () => {
    expect(inboxList(list, 'active', now).map((i) => i.id)).toEqual([4, 2, 1])
  })

  it("keeps what left the department's hands apart", () => {
    expect(
      inboxList(list, 'finished', now)
        .map((i) => i.id)
        .sort(),
    ).toEqual([3, 5])
  })

  it('tells lead from assisting', () => {
    const shared = incident({ lead: 'environment', assisting: ['urban-management'] })
    expect(roleIn(shared, 'environment')).toBe('lead')
    expect(roleIn(shared, 'urban-management')).toBe('assisting')
    expect(roleIn(shared, 'police')).toBeNull()
  })
})
