import { describe, expect, it } from 'vitest'
import type { Stage } from '../../../server/contracts/incidents.ts'
import { actionsFor, fieldsFor, type Viewer } from './incident-actions.ts'

const operator: Viewer = { role: 'operator', department: null }
const supervisor: Viewer = { role: 'supervisor', department: null }
const wall: Viewer = { role: 'wall', department: null }
const urban: Viewer = { role: 'department', department: 'urban-management' }
const police: Viewer = { role: 'department', department: 'police' }
const at = (stage: Stage, lead: string | null = 'urban-management') => ({ stage, lead })

describe('actions a user is offered', () => {
  const cases: Array<[string, ReturnType<typeof at>, Viewer, string[]]> = [
    [
      'an operator accepts, rejects or merges a new report',
      at('reported', null),
      operator,
      ['accept', 'reject', 'merge'],
    ],
    ['an operator dispatches or merges an accepted one', at('accepted', null), operator, ['merge', 'dispatch']],
    ['an operator re-dispatches a returned one', at('returned'), operator, ['dispatch']],
    [
      'the lead department acknowledges or returns a dispatched one',
      at('dispatched'),
      urban,
      ['acknowledge', 'return'],
    ],
    ['another department gets nothing', at('dispatched'), police, []],
    ['the centre cannot acknowledge for a department', at('dispatched'), operator, []],
    ['the lead department starts or returns after acknowledging', at('acknowledged'), urban, ['return', 'start']],
    ['the lead department marks handled when in progress', at('in-progress'), urban, ['handle']],
    ['an operator verifies or sends back a handled one', at('handled'), operator, ['verify', 'rework']],
    ['an operator closes or sends back a verified one', at('verified'), operator, ['rework', 'close']],
    ['an operator cannot archive', at('closed'), operator, []],
    ['a supervisor archives a closed one', at('closed'), supervisor, ['archive']],
    ['a supervisor archives a rejected one', at('rejected', null), supervisor, ['archive']],
    ['the wall only reads', at('reported', null), wall, []],
    ['nothing moves an archived one', at('archived'), supervisor, []],
  ]
  for (const [name, incident, viewer, expected] of cases)
    it(name, () => expect(actionsFor(incident, viewer)).toEqual(expected))

  it('asks for what the server requires', () => {
    expect(fieldsFor('return')).toEqual(['reason'])
    expect(fieldsFor('handle')).toEqual(['note'])
    expect(fieldsFor('close')).toEqual(['closeReason'])
    expect(fieldsFor('dispatch')).toEqual(['lead'])
    expect(fieldsFor('acknowledge')).toEqual([])
  })
})
