/**
 * The dispatch board's columns and filters, pure: incidents grouped by where they are in the case loop,
 * the most urgent first in each column.
 */
import type { Incident, Stage } from '../../../server/contracts/incidents.ts'
import { slaOf } from '../../lib/incidents/sla.ts'

export const COLUMNS = [
  { id: 'intake', stages: ['reported', 'accepted'] },
  { id: 'dispatched', stages: ['dispatched', 'returned'] },
  { id: 'working', stages: ['acknowledged', 'in-progress'] },
  { id: 'check', stages: ['handled', 'verified'] },
  // Finished one way or another, waiting for a supervisor to archive; archived ones show only when the
  // stage filter asks for them (matches()).
  { id: 'done', stages: ['closed', 'rejected', 'merged', 'archived'] },
] as const satisfies ReadonlyArray<{ id: string; stages: readonly Stage[] }>

export type ColumnId = (typeof COLUMNS)[number]['id']

export interface BoardFilter {
  category: string
  community: string
  /** Lead or assisting. */
  department: string
  stage: Stage | ''
}

export const NO_FILTER: BoardFilter = { category: '', community: '', department: '', stage: '' }

export function matches(incident: Incident, filter: BoardFilter): boolean {
  if (filter.category && incident.category !== filter.category) return false
  if (filter.community && incident.community !== filter.community) return false
  if (filter.department && incident.lead !== filter.department && !incident.assisting.includes(filter.department))
    return false
  // Archived ones show only when asked for by stage.
  if (filter.stage ? incident.stage !== filter.stage : incident.stage === 'archived') return false
  return true
}

/**
 * Urgency within a column: escalated first, then overdue, then the nearest deadline, then the most
 * recently changed. Returns a negative number when `a` comes first.
 */
export function byUrgency(now: number): (a: Incident, b: Incident) => number {
  return (a, b) => {
    if (a.escalated !== b.escalated) return a.escalated ? -1 : 1
    const slaA = slaOf(a, now)
    const slaB = slaOf(b, now)
    const overdueA = slaA?.overdue ?? false
    const overdueB = slaB?.overdue ?? false
    if (overdueA !== overdueB) return overdueA ? -1 : 1
    if (slaA && slaB && slaA.remainingMs !== slaB.remainingMs) return slaA.remainingMs - slaB.remainingMs
    if ((slaA === null) !== (slaB === null)) return slaA ? -1 : 1
    return Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || b.id - a.id
  }
}

export interface BoardColumn {
  id: ColumnId
  incidents: Incident[]
}

export function groupBoard(incidents: readonly Incident[], filter: BoardFilter, now: number): BoardColumn[] {
  const shown = incidents.filter((incident) => matches(incident, filter))
  const order = byUrgency(now)
  return COLUMNS.map((column) => ({
    id: column.id,
    incidents: shown.filter((incident) => (column.stages as readonly Stage[]).includes(incident.stage)).sort(order),
  }))
}

/** Filter values read from and written to the board's query string, so a filtered board can be linked. */
export function filterFromQuery(search: string): BoardFilter {
  const query = new URLSearchParams(search)
  const stage = query.get('stage') ?? ''
  return {
    category: query.get('category') ?? '',
    community: query.get('community') ?? '',
    department: query.get('department') ?? '',
    stage: (COLUMNS.some((c) => (c.stages as readonly string[]).includes(stage)) || stage === 'archived'
      ? stage
      : '') as Stage | '',
  }
}
