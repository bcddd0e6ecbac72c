import { describe, expect, it } from 'vitest'

describe('a group', () => {
  it('passes', () => expect(true).toBe(true))
  it('fails', () => expect(1).toBe(2))
})
