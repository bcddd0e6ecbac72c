/**
 * The department inbox, pure: what is still the department's work (dispatched, acknowledged, in progress)
 * and what has left its hands, each most urgent first.
 */
import type { Incident, Stage } from '../../../server/contracts/incidents.ts'
import { byUrgency } from '../board/board-view.ts'

const ACTIVE: readonly Stage[] = ['dispatched', 'acknowledged', 'in-progress']

export type InboxTab = 'active' | 'finished'

export function inboxList(incidents: readonly Incident[], tab: InboxTab, now: number): Incident[] {
  return incidents.filter((incident) => ACTIVE.includes(incident.stage) === (tab === 'active')).sort(byUrgency(now))
}

/** Whether the department leads the incident or assists. */
export function roleIn(incident: Incident, department: string | null): 'lead' | 'assisting' | null {
  if (department === null) return null
  if (incident.lead === department) return 'lead'
  return incident.assisting.includes(department) ? 'assisting' : null
}
