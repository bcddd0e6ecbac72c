import { describe, expect, it } from 'vitest'
import { incident } from '../../lib/incidents/fixtures.ts'
import { filterFromQuery, groupBoard, NO_FILTER } from './board-view.ts'

const now = Date.parse('2026-11-27T06:30:00.000Z')
const due = (minutes: number): string => new Date(now + minutes * 60_000).toISOString()

describe('board grouping', () => {
  const list = [
    incident({ id: 1, stage: 'reported', reportedAt: '2026-11-27T06:00:00.000Z' }),
    incident({ id: 2, stage: 'accepted', updatedAt: '2026-11-27T06:20:00.000Z' }),
    incident({ id: 3, stage: 'dispatched', lead: 'urban-management', acknowledgeDueAt: due(5), handleDueAt: due(60) }),
    incident({ id: 4, stage: 'dispatched', lead: 'police', acknowledgeDueAt: due(-1), handleDueAt: due(60) }),
    incident({ id: 5, stage: 'returned', lead: 'police' }),
    incident({
      id: 6,
      stage: 'in-progress',
      lead: 'environment',
      assisting: ['urban-management'],
      handleDueAt: due(30),
      escalated: true,
    }),
    incident({ id: 7, stage: 'handled', lead: 'urban-management', category: 'street-vendor' }),
    incident({ id: 8, stage: 'closed', lead: 'urban-management' }),
    incident({ id: 9, stage: 'rejected' }),
    incident({ id: 10, stage: 'archived' }),
  ]
  const ids = (columns: ReturnType<typeof groupBoard>): Record<string, number[]> =>
    Object.fromEntries(columns.map((c) => [c.id, c.incidents.map((i) => i.id)]))

  it('puts each stage in its column, archived ones off the board', () => {
    expect(ids(groupBoard(list, NO_FILTER, now))).toEqual({
      intake: [2, 1],
      dispatched: [4, 3, 5],
      working: [6],
      check: [7],
      done: [9, 8],
    })
  })

  it('orders escalated, then overdue, then the nearest deadline, then the latest change', () => {
    const column = groupBoard(
      [
        incident({ id: 1, stage: 'dispatched', acknowledgeDueAt: due(9), handleDueAt: due(60) }),
        incident({ id: 2, stage: 'dispatched', acknowledgeDueAt: due(3), handleDueAt: due(60) }),
        incident({ id: 3, stage: 'dispatched', acknowledgeDueAt: due(-2), handleDueAt: due(60) }),
        incident({ id: 4, stage: 'dispatched', acknowledgeDueAt: due(20), handleDueAt: due(60), escalated: true }),
        incident({ id: 5, stage: 'returned' }),
      ],
      NO_FILTER,
      now,
    )[1]!
    expect(column.incidents.map((i) => i.id)).toEqual([4, 3, 2, 1, 5])
  })

  it('filters by department as lead or assisting', () => {
    expect(ids(groupBoard(list, { ...NO_FILTER, department: 'urban-management' }, now))).toEqual({
      intake: [],
      dispatched: [3],
      working: [6],
      check: [7],
      done: [8],
    })
  })

  it('filters by category, community and stage; archived shows when asked for', () => {
    expect(ids(groupBoard(list, { ...NO_FILTER, category: 'street-vendor' }, now)).check).toEqual([7])
    expect(ids(groupBoard(list, { ...NO_FILTER, community: 'elsewhere' }, now)).intake).toEqual([])
    expect(ids(groupBoard(list, { ...NO_FILTER, stage: 'returned' }, now)).dispatched).toEqual([5])
    expect(ids(groupBoard(list, { ...NO_FILTER, stage: 'archived' }, now))).toEqual({
      intake: [],
      dispatched: [],
      working: [],
      check: [],
      done: [10],
    })
  })

  it('reads filters from the query string, dropping an unknown stage', () => {
    expect(filterFromQuery('?category=road-flooding&department=police&stage=handled')).toEqual({
      category: 'road-flooding',
      community: '',
      department: 'police',
      stage: 'handled',
    })
    expect(filterFromQuery('?stage=bogus').stage).toBe('')
  })
})
