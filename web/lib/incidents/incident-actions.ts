/**
 * Which case-loop actions a user is offered for an incident: the server's own transition table
 * (incident-workflow.ts, pure and free of Node imports), so the buttons can never drift from the rules.
 * The server still decides; this only hides buttons that would certainly be refused.
 */
import type { Role } from '../../../server/contracts/api.ts'
import { ACTIONS, type Action, type Incident } from '../../../server/contracts/incidents.ts'
import { WORKFLOW, type Field } from '../../../server/incidents/incident-workflow.ts'

export interface Viewer {
  role: Role
  department: string | null
}

export function mayDo(action: Action, incident: Pick<Incident, 'stage' | 'lead'>, viewer: Viewer): boolean {
  const rule = WORKFLOW[action]
  if (!rule.from.includes(incident.stage)) return false
  if (rule.who === 'lead-department')
    return viewer.role === 'department' && viewer.department !== null && viewer.department === incident.lead
  return rule.who.includes(viewer.role)
}

/** In the loop's order. */
export function actionsFor(incident: Pick<Incident, 'stage' | 'lead'>, viewer: Viewer): Action[] {
  return ACTIONS.filter((action) => mayDo(action, incident, viewer))
}

/** What the action must carry: the form asks for these before sending. */
export function fieldsFor(action: Action): readonly Field[] {
  return WORKFLOW[action].needs
}

export type { Field }
