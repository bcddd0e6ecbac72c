import { describe, expect, it } from 'vitest'
import { newIdempotencyKey } from './idempotency-key.ts'

describe('newIdempotencyKey', () => {
  it('is 32 hex characters, within the 1-200 visible ASCII the server accepts, and new each time', () => {
    const keys = Array.from({ length: 100 }, newIdempotencyKey)
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(new Set(keys).size).toBe(100)
  })
})
