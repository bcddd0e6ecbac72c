/**
 * Our stages as FixMyStreet's extended statuses (what the case system is told), and Open311's plain
 * open/closed. The fine-grained stage also travels as external_status_code. Pure.
 */
import { isOpenStage, type CloseReason, type Stage } from '../contracts/incidents.ts'

const BY_STAGE: Partial<Record<Stage, string>> = {
  accepted: 'OPEN',
  dispatched: 'ACTION_SCHEDULED',
  returned: 'INTERNAL_REFERRAL',
  acknowledged: 'INVESTIGATING',
  'in-progress': 'IN_PROGRESS',
  handled: 'FIXED',
  verified: 'FIXED',
  rejected: 'NOT_COUNCILS_RESPONSIBILITY',
  merged: 'DUPLICATE',
  archived: 'CLOSED',
}

const BY_CLOSE_REASON: Record<CloseReason, string> = {
  resolved: 'CLOSED',
  duplicate: 'DUPLICATE',
  'not-responsible': 'NOT_COUNCILS_RESPONSIBILITY',
  'no-further-action': 'NO_FURTHER_ACTION',
}

export function extendedStatus(stage: Stage, closeReason: CloseReason | null): string {
  if (stage === 'closed') return BY_CLOSE_REASON[closeReason ?? 'resolved']
  return BY_STAGE[stage] ?? 'OPEN'
}

export function openOrClosed(stage: Stage): 'open' | 'closed' {
  return isOpenStage(stage) ? 'open' : 'closed'
}
