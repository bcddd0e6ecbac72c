import { describe, expect, it } from 'vitest'
import { ACTIONS, STAGES, type Action, type Stage } from '../contracts/incidents.ts'
import { checkTransition, WORKFLOW, type Actor } from './incident-workflow.ts'

const operator: Actor = { role: 'operator', department: null }
const police: Actor = { role: 'department', department: 'police' }
const environment: Actor = { role: 'department', department: 'environment' }
const wall: Actor = { role: 'wall', department: null }
const supervisor: Actor = { role: 'supervisor', department: null }
const all = { reason: 'r', note: 'n', lead: 'police', into: 1, closeReason: 'resolved' }

describe('the case loop', () => {
  it.each<[string, Action, Stage, Actor, object, object]>([
    ['an operator accepts a report', 'accept', 'reported', operator, {}, { ok: true, to: 'accepted' }],
    [
      'an operator dispatches an accepted incident to a lead department',
      'dispatch',
      'accepted',
      operator,
      { lead: 'police' },
      { ok: true, to: 'dispatched' },
    ],
    [
      'a returned incident is dispatched again (re-routed)',
      'dispatch',
      'returned',
      operator,
      { lead: 'urban-management' },
      { ok: true, to: 'dispatched' },
    ],
    ['the lead department acknowledges', 'acknowledge', 'dispatched', police, {}, { ok: true, to: 'acknowledged' }],
    [
      'the lead department returns with a reason',
      'return',
      'acknowledged',
      police,
      { reason: 'not ours' },
      { ok: true, to: 'returned' },
    ],
    [
      'the lead department starts and reports it handled',
      'handle',
      'in-progress',
      police,
      { note: 'towed' },
      { ok: true, to: 'handled' },
    ],
    ['an operator verifies on camera', 'verify', 'handled', operator, {}, { ok: true, to: 'verified' }],
    [
      'a failed verification sends it back to work',
      'rework',
      'handled',
      operator,
      { reason: 'still there' },
      { ok: true, to: 'in-progress' },
    ],
    [
      'an operator closes a verified incident with a reason',
      'close',
      'verified',
      operator,
      { closeReason: 'resolved' },
      { ok: true, to: 'closed' },
    ],
    ['a supervisor archives a closed incident', 'archive', 'closed', supervisor, {}, { ok: true, to: 'archived' }],
    [
      'an assisting or other department may not acknowledge',
      'acknowledge',
      'dispatched',
      environment,
      {},
      {
        ok: false,
        status: 403,
        code: 'incident.not-lead-department',
        params: { action: 'acknowledge' },
        message: 'acknowledge: this incident is led by police, not environment',
      },
    ],
    [
      'an operator may not acknowledge for a department',
      'acknowledge',
      'dispatched',
      operator,
      {},
      {
        ok: false,
        status: 403,
        code: 'incident.lead-department-only',
        params: { action: 'acknowledge' },
        message: 'only the lead department may acknowledge an incident',
      },
    ],
    [
      'the wall display may not act',
      'accept',
      'reported',
      wall,
      {},
      {
        ok: false,
        status: 403,
        code: 'incident.forbidden-role',
        params: { action: 'accept', role: 'wall' },
        message: 'accept needs the role operator or supervisor or admin; you are wall',
      },
    ],
    [
      'an operator may not archive',
      'archive',
      'closed',
      operator,
      {},
      {
        ok: false,
        status: 403,
        code: 'incident.forbidden-role',
        params: { action: 'archive', role: 'operator' },
        message: 'archive needs the role supervisor or admin; you are operator',
      },
    ],
    [
      'a return without a reason is incomplete',
      'return',
      'dispatched',
      police,
      {},
      {
        ok: false,
        status: 400,
        code: 'incident.missing-field',
        params: { action: 'return', field: 'reason' },
        message: 'return needs reason',
      },
    ],
    [
      'handled without a result note is incomplete',
      'handle',
      'in-progress',
      police,
      {},
      {
        ok: false,
        status: 400,
        code: 'incident.missing-field',
        params: { action: 'handle', field: 'note' },
        message: 'handle needs note',
      },
    ],
    [
      'a close without a reason is incomplete',
      'close',
      'verified',
      operator,
      {},
      {
        ok: false,
        status: 400,
        code: 'incident.missing-field',
        params: { action: 'close', field: 'closeReason' },
        message: 'close needs closeReason',
      },
    ],
    [
      'closing an incident still being handled is not allowed now',
      'close',
      'in-progress',
      operator,
      { closeReason: 'resolved' },
      {
        ok: false,
        status: 409,
        code: 'incident.wrong-stage',
        params: { action: 'close', stage: 'in-progress' },
        message: 'cannot close an incident that is in-progress (only when verified)',
      },
    ],
    [
      'acknowledging twice is not allowed',
      'acknowledge',
      'acknowledged',
      police,
      {},
      {
        ok: false,
        status: 409,
        code: 'incident.wrong-stage',
        params: { action: 'acknowledge', stage: 'acknowledged' },
        message: 'cannot acknowledge an incident that is acknowledged (only when dispatched)',
      },
    ],
  ])('%s', (_, action, stage, actor, given, expected) => {
    expect(checkTransition(action, stage, 'police', actor, given)).toEqual(expected)
  })

  it('every action leads to a known stage, and only archived has no way out', () => {
    for (const action of ACTIONS) expect(STAGES).toContain(WORKFLOW[action].to)
    const exits = new Set(ACTIONS.flatMap((a) => WORKFLOW[a].from))
    expect(STAGES.filter((s) => !exits.has(s))).toEqual(['archived'])
  })

  it('from every stage but archived, some actor with full fields can move on', () => {
    for (const stage of STAGES.filter((s) => s !== 'archived')) {
      const moves = ACTIONS.filter((a) =>
        [operator, police, supervisor].some((who) => checkTransition(a, stage, 'police', who, all).ok),
      )
      expect(moves.length, stage).toBeGreaterThan(0)
    }
  })
})
