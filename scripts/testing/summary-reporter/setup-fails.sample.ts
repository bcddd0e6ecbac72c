import { beforeAll, expect, it } from 'vitest'

beforeAll(() => {
  throw new Error('the set-up failed')
})
it('never runs', () => expect(true).toBe(true))
