/**
 * Which alerts a user wants on this machine, remembered across reloads in localStorage, one entry per
 * user and screen (a supervisor's board choice is not the department account's inbox choice). Stored
 * values are parsed, never trusted: a missing or mangled entry gives the defaults.
 */
import type { IncidentEvent } from '../../../server/contracts/incidents.ts'
import type { Role } from '../../../server/contracts/api.ts'

/** What may ring on the dispatch board: a new report, a return (退单) by a department, an escalation. */
export const BOARD_ALERT_KINDS = ['report', 'return', 'escalation'] as const
export type BoardAlertKind = (typeof BOARD_ALERT_KINDS)[number]

export interface AlertPreferences {
  /** The beep plays (once the browser allows sound: after a click on the page). */
  sound: boolean
  /** A desktop notification shows (once the browser allows it). */
  notify: boolean
  /** Which board events alert; the inbox ignores this (its alerts are its own dispatches). */
  kinds: Record<BoardAlertKind, boolean>
}

export const DEFAULT_ALERT_PREFERENCES: AlertPreferences = {
  sound: true,
  notify: true,
  kinds: { report: true, return: true, escalation: true },
}

export type AlertScreen = 'board' | 'inbox'

/** The roles that watch the board for work to take: the centre's people, not the admin or the wall. */
const BOARD_ALERT_ROLES: readonly Role[] = ['supervisor', 'operator']

/** Which board alert an event is, for this role and these choices; null when it should not ring. */
export function boardAlertFor(event: IncidentEvent, role: Role, preferences: AlertPreferences): BoardAlertKind | null {
  if (!BOARD_ALERT_ROLES.includes(role)) return null
  const kind = boardAlertKindOf(event)
  return kind !== null && preferences.kinds[kind] ? kind : null
}

function boardAlertKindOf(event: IncidentEvent): BoardAlertKind | null {
  if (event.kind === 'created') return 'report'
  if (event.kind === 'escalated') return 'escalation'
  if (event.kind === 'transition' && event.entry?.kind === 'return') return 'return'
  return null
}

const storageKey = (screen: AlertScreen, username: string): string => `sharp-eyes.alerts.${screen}.${username}`

/** The stored choice, or the defaults for anything missing or not of the right type. */
export function parsePreferences(text: string | null): AlertPreferences {
  let stored: unknown
  try {
    stored = text === null ? null : JSON.parse(text)
  } catch {
    stored = null
  }
  const record = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  const flag = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback)
  const root = record(stored)
  const kinds = record(root['kinds'])
  const defaults = DEFAULT_ALERT_PREFERENCES
  return {
    sound: flag(root['sound'], defaults.sound),
    notify: flag(root['notify'], defaults.notify),
    kinds: {
      report: flag(kinds['report'], defaults.kinds.report),
      return: flag(kinds['return'], defaults.kinds.return),
      escalation: flag(kinds['escalation'], defaults.kinds.escalation),
    },
  }
}

/** Whether this user ever made a choice here (the inbox then skips its "turn on alerts" button). */
export function hasStoredPreferences(screen: AlertScreen, username: string): boolean {
  try {
    return localStorage.getItem(storageKey(screen, username)) !== null
  } catch {
    return false
  }
}

export function loadPreferences(screen: AlertScreen, username: string): AlertPreferences {
  try {
    return parsePreferences(localStorage.getItem(storageKey(screen, username)))
  } catch {
    // Storage can be disabled (privacy settings, kiosk profiles): the defaults, for this page only.
    return parsePreferences(null)
  }
}

export function savePreferences(screen: AlertScreen, username: string, preferences: AlertPreferences): void {
  try {
    localStorage.setItem(storageKey(screen, username), JSON.stringify(preferences))
  } catch {
    // Not remembered; the choice still holds for this page.
  }
}
