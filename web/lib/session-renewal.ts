/**
 * What a sign-in in place leads to, as a pure decision: the same person carries on where they were (their
 * waiting calls are sent again); anyone else starts afresh on their own home screen, because the work on
 * screen and the calls waiting were someone else's.
 */
import type { SessionUser } from '../../server/contracts/api.ts'
import { homeFor } from './routes.ts'

export type RenewalOutcome = { kind: 'carry-on' } | { kind: 'reload'; to: string }

export function afterSignInAgain(before: SessionUser, now: SessionUser): RenewalOutcome {
  return before.id === now.id ? { kind: 'carry-on' } : { kind: 'reload', to: homeFor(now.role) }
}
