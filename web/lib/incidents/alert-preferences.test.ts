import { describe, expect, it } from 'vitest'
import type { Role } from '../../../server/contracts/api.ts'
import type { IncidentEvent } from '../../../server/contracts/incidents.ts'
import {
  boardAlertFor,
  DEFAULT_ALERT_PREFERENCES,
  parsePreferences,
  type AlertPreferences,
  type BoardAlertKind,
} from './alert-preferences.ts'
import { entry, event } from './fixtures.ts'

const reported = event(1, { stage: 'reported' }, 'created', entry(1, { kind: 'created', to: 'reported' }))
const returned = event(2, { stage: 'returned', lead: 'police' }, 'transition', entry(2, { kind: 'return' }))
const escalated = event(3, { stage: 'dispatched', escalated: true }, 'escalated', entry(3, { kind: 'escalated' }))
const dispatched = event(4, { stage: 'dispatched', lead: 'police' }, 'transition', entry(4, { kind: 'dispatch' }))
const note = event(5, { stage: 'dispatched' }, 'note', entry(5, { kind: 'note' }))
const evidence = event(6, { stage: 'reported' }, 'evidence', entry(6, { kind: 'evidence' }))
const only = (kind: BoardAlertKind): AlertPreferences => ({
  ...DEFAULT_ALERT_PREFERENCES,
  kinds: { report: false, return: false, escalation: false, [kind]: true },
})

describe('which board event alerts whom', () => {
  it.each<[string, IncidentEvent, Role, AlertPreferences, BoardAlertKind | null]>([
    ['a new report alerts an operator', reported, 'operator', DEFAULT_ALERT_PREFERENCES, 'report'],
    ['a new report alerts a supervisor', reported, 'supervisor', DEFAULT_ALERT_PREFERENCES, 'report'],
    ['a return (退单) alerts the centre', returned, 'operator', DEFAULT_ALERT_PREFERENCES, 'return'],
    ['an escalation alerts a supervisor', escalated, 'supervisor', DEFAULT_ALERT_PREFERENCES, 'escalation'],
    ['a dispatch is the centre’s own move: no alert', dispatched, 'operator', DEFAULT_ALERT_PREFERENCES, null],
    ['a note does not alert', note, 'supervisor', DEFAULT_ALERT_PREFERENCES, null],
    ['evidence arriving does not alert', evidence, 'operator', DEFAULT_ALERT_PREFERENCES, null],
    ['the admin is not alerted', reported, 'admin', DEFAULT_ALERT_PREFERENCES, null],
    ['the wall display is not alerted', escalated, 'wall', DEFAULT_ALERT_PREFERENCES, null],
    ['a department account is not alerted on the board', returned, 'department', DEFAULT_ALERT_PREFERENCES, null],
    ['a kind turned off stays quiet', reported, 'operator', only('escalation'), null],
    ['a kind left on still rings', escalated, 'operator', only('escalation'), 'escalation'],
  ])('%s', (_name, incidentEvent, role, preferences, expected) => {
    expect(boardAlertFor(incidentEvent, role, preferences)).toBe(expected)
  })
})

describe('remembered alert choices', () => {
  it('reads back what was stored', () => {
    const chosen: AlertPreferences = {
      sound: false,
      notify: true,
      kinds: { report: true, return: false, escalation: true },
    }
    expect(parsePreferences(JSON.stringify(chosen))).toEqual(chosen)
  })

  it.each([
    ['nothing stored', null],
    ['not JSON', '{sound'],
    ['not an object', '"on"'],
    ['wrong types', '{"sound":"yes","kinds":{"report":1}}'],
  ])('%s gives the defaults', (_name, text) => {
    expect(parsePreferences(text)).toEqual(DEFAULT_ALERT_PREFERENCES)
  })

  it('keeps the good fields of a partly mangled entry', () => {
    expect(parsePreferences('{"sound":false,"kinds":{"return":false,"report":"x"}}')).toEqual({
      sound: false,
      notify: true,
      kinds: { report: true, return: false, escalation: true },
    })
  })
})
