import { describe, expect, it } from 'vitest'
import type { SessionUser } from '../../server/contracts/api.ts'
import { afterSignInAgain } from './session-renewal.ts'

const operator: SessionUser = { id: 7, username: 'op-zhang', role: 'operator', department: null }

describe('afterSignInAgain', () => {
  it('the same person carries on where they were', () => {
    expect(afterSignInAgain(operator, { ...operator })).toEqual({ kind: 'carry-on' })
  })

  it('someone else starts afresh on their own home screen', () => {
    const department: SessionUser = { id: 9, username: 'cg-li', role: 'department', department: 'urban-management' }
    expect(afterSignInAgain(operator, department)).toEqual({ kind: 'reload', to: '/inbox' })
    const supervisor: SessionUser = { id: 8, username: 'sup-wang', role: 'supervisor', department: null }
    expect(afterSignInAgain(operator, supervisor)).toEqual({ kind: 'reload', to: '/console' })
  })
})
