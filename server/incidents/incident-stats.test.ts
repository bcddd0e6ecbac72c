import type Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open-database.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { periodStats } from './incident-stats.ts'

const data = makeTempDir('incident-stats')
let db: Database.Database
const NOW = Date.parse('2026-12-03T08:00:00Z')
const SINCE = '2026-12-02T16:00:00.000Z'
const at = (minutesFromNow: number): string => new Date(NOW + minutesFromNow * 60_000).toISOString()

interface Row {
  category: string
  lead: string | null
  stage: string
  acknowledgeDue?: string
  handleDue?: string
  escalated?: boolean
  reportedAt?: string
}

const ROWS: Row[] = [
  { category: 'vehicle-scrape', lead: null, stage: 'reported' },
  // Dispatched, acknowledge deadline passed: in progress and overdue.
  {
    category: 'vehicle-scrape',
    lead: 'traffic-police',
    stage: 'dispatched',
    acknowledgeDue: at(-5),
    handleDue: at(50),
  },
  // Acknowledged, handle deadline still ahead: in progress, not overdue (its acknowledge deadline no longer counts).
  {
    category: 'road-flooding',
    lead: 'urban-management',
    stage: 'acknowledged',
    acknowledgeDue: at(-60),
    handleDue: at(30),
  },
  // In progress past the handle deadline: overdue.
  { category: 'road-flooding', lead: 'urban-management', stage: 'in-progress', handleDue: at(-1), escalated: true },
  { category: 'road-flooding', lead: 'urban-management', stage: 'handled', handleDue: at(-10) },
  { category: 'vehicle-scrape', lead: 'traffic-police', stage: 'closed' },
  { category: 'road-flooding', lead: 'urban-management', stage: 'closed', escalated: true },
  { category: 'street-vendor', lead: 'urban-management', stage: 'archived' },
  { category: 'street-vendor', lead: null, stage: 'rejected' },
  // Yesterday: outside the period.
  { category: 'street-vendor', lead: null, stage: 'reported', reportedAt: '2026-12-01T08:00:00.000Z' },
]

beforeAll(() => {
  db = openDatabase(data.path)
  const insert =
    db.prepare(`INSERT INTO incidents (code, category, severity, stage, lead, acknowledge_minutes, handle_minutes,
    reported_by, reported_at, updated_at, acknowledge_due_at, handle_due_at, escalated_at)
    VALUES (@code, @category, 'normal', @stage, @lead, 10, 60, 'op1', @reportedAt, @reportedAt, @acknowledgeDue, @handleDue, @escalatedAt)`)
  ROWS.forEach((row, i) =>
    insert.run({
      code: `SE-20261203-${String(i + 1).padStart(4, '0')}`,
      category: row.category,
      stage: row.stage,
      lead: row.lead,
      reportedAt: row.reportedAt ?? at(-120),
      acknowledgeDue: row.acknowledgeDue ?? null,
      handleDue: row.handleDue ?? null,
      escalatedAt: row.escalated ? at(-30) : null,
    }),
  )
})
afterAll(() => {
  db.close()
  data.remove()
})

describe('incident statistics for the board and the wall', () => {
  it('totals a period: in progress, overdue, closure rate and on-time rate', () => {
    expect(periodStats(db, SINCE, NOW).totals).toEqual({
      reported: 9,
      closed: 3,
      escalated: 2,
      open: 5,
      inProgress: 4,
      overdue: 2,
      closureRate: 3 / 9,
      onTimeRate: 2 / 3,
    })
  })

  it('counts per category and per lead department, keeping the fields the board reads', () => {
    const stats = periodStats(db, SINCE, NOW)
    expect(stats.byCategory).toEqual([
      { id: 'road-flooding', reported: 4, closed: 1, escalated: 2, open: 3, inProgress: 3, overdue: 1 },
      { id: 'vehicle-scrape', reported: 3, closed: 1, escalated: 0, open: 2, inProgress: 1, overdue: 1 },
      { id: 'street-vendor', reported: 2, closed: 1, escalated: 0, open: 0, inProgress: 0, overdue: 0 },
    ])
    expect(stats.byDepartment.map((r) => [r.id, r.reported, r.overdue])).toEqual([
      ['urban-management', 5, 1],
      ['traffic-police', 2, 1],
    ])
  })

  it('an empty period has no rates rather than 0 %', () => {
    expect(periodStats(db, '2027-01-01T00:00:00.000Z', NOW).totals).toMatchObject({
      reported: 0,
      closureRate: null,
      onTimeRate: null,
    })
  })
})
