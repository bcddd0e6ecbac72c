/**
 * The case loop as a transition table (docs/domain.md): which action moves which stage to which, who
 * may do it (role, and for departments: the lead department), and what it must carry. Pure.
 */
import type { Role } from '../contracts/api.ts'
import type { Action, Stage } from '../contracts/incidents.ts'
import type { CodedProblem } from '../http/http-errors.ts'

const CENTRE: readonly Role[] = ['operator', 'supervisor', 'admin']

export type Field = 'reason' | 'note' | 'lead' | 'into' | 'closeReason'

interface Rule {
  from: readonly Stage[]
  to: Stage
  /** Centre roles, or 'lead-department': a department account of the incident's lead department. */
  who: readonly Role[] | 'lead-department'
  needs: readonly Field[]
}

export const WORKFLOW: Record<Action, Rule> = {
  accept: { from: ['reported'], to: 'accepted', who: CENTRE, needs: [] },
  reject: { from: ['reported'], to: 'rejected', who: CENTRE, needs: ['reason'] },
  merge: { from: ['reported', 'accepted'], to: 'merged', who: CENTRE, needs: ['into'] },
  dispatch: { from: ['accepted', 'returned'], to: 'dispatched', who: CENTRE, needs: ['lead'] },
  acknowledge: { from: ['dispatched'], to: 'acknowledged', who: 'lead-department', needs: [] },
  return: { from: ['dispatched', 'acknowledged'], to: 'returned', who: 'lead-department', needs: ['reason'] },
  start: { from: ['acknowledged'], to: 'in-progress', who: 'lead-department', needs: [] },
  handle: { from: ['in-progress'], to: 'handled', who: 'lead-department', needs: ['note'] },
  verify: { from: ['handled'], to: 'verified', who: CENTRE, needs: [] },
  rework: { from: ['handled', 'verified'], to: 'in-progress', who: CENTRE, needs: ['reason'] },
  close: { from: ['verified'], to: 'closed', who: CENTRE, needs: ['closeReason'] },
  archive: { from: ['closed', 'rejected', 'merged'], to: 'archived', who: ['supervisor', 'admin'], needs: [] },
}

export interface Actor {
  role: Role
  department: string | null
}

export type TransitionCheck = { ok: true; to: Stage } | ({ ok: false; status: 400 | 403 | 409 } & CodedProblem)

/** Whether `actor` may do `action` on an incident at `stage` led by `lead`, with these fields. */
export function checkTransition(
  action: Action,
  stage: Stage,
  lead: string | null,
  actor: Actor,
  given: Partial<Record<Field, unknown>>,
): TransitionCheck {
  const rule = WORKFLOW[action]
  if (rule.who === 'lead-department') {
    if (actor.role !== 'department')
      return {
        ok: false,
        status: 403,
        code: 'incident.lead-department-only',
        params: { action },
        message: `only the lead department may ${action} an incident`,
      }
    if (actor.department !== lead)
      return {
        ok: false,
        status: 403,
        code: 'incident.not-lead-department',
        params: { action },
        message: `${action}: this incident is led by ${lead ?? 'no department'}, not ${actor.department ?? 'you'}`,
      }
  } else if (!rule.who.includes(actor.role)) {
    return {
      ok: false,
      status: 403,
      code: 'incident.forbidden-role',
      params: { action, role: actor.role },
      message: `${action} needs the role ${rule.who.join(' or ')}; you are ${actor.role}`,
    }
  }
  const missing = rule.needs.filter((f) => given[f] === undefined || given[f] === '')
  if (missing.length > 0)
    return {
      ok: false,
      status: 400,
      code: 'incident.missing-field',
      params: { action, field: missing.join(', ') },
      message: `${action} needs ${missing.join(' and ')}`,
    }
  if (!rule.from.includes(stage)) {
    return {
      ok: false,
      status: 409,
      code: 'incident.wrong-stage',
      params: { action, stage },
      message: `cannot ${action} an incident that is ${stage} (only when ${rule.from.join(' or ')})`,
    }
  }
  return { ok: true, to: rule.to }
}
