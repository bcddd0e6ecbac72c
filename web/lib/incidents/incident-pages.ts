/**
 * The incident list a live screen starts from: every open incident, page after page however many there
 * are, and the newest page of all (the finished ones a board or inbox still shows). The sequence it
 * returns is the oldest read, so live events after it repeat a change at worst, never miss one.
 */
import type { Incident, IncidentListQuery, IncidentPage } from '../../../server/contracts/incidents.ts'
import { newer } from './incident-events.ts'

export interface IncidentPager {
  incidents(query: IncidentListQuery): Promise<IncidentPage>
}

/** Every page's incidents, with the sequence read before the first. */
export type IncidentList = Pick<IncidentPage, 'incidents' | 'lastSeq'>

/** Every page of the list `query` selects, following `next` until it is null. */
export async function loadAllPages(pager: IncidentPager, query: IncidentListQuery): Promise<IncidentList> {
  const first = await pager.incidents(query)
  const incidents = [...first.incidents]
  let next = first.next
  while (next !== null) {
    const page = await pager.incidents({ ...query, cursor: next })
    incidents.push(...page.incidents)
    next = page.next
  }
  return { incidents, lastSeq: first.lastSeq }
}

/** Every open incident and the newest page of all, merged (the higher version of one incident wins). */
export async function loadIncidentList(pager: IncidentPager): Promise<IncidentList> {
  const [open, recent] = await Promise.all([loadAllPages(pager, { open: true }), pager.incidents({})])
  const byId = new Map<number, Incident>()
  for (const incident of [...open.incidents, ...recent.incidents])
    byId.set(incident.id, newer(byId.get(incident.id), incident))
  return { incidents: [...byId.values()], lastSeq: Math.min(open.lastSeq, recent.lastSeq) }
}
