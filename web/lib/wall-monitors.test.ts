import { describe, expect, it } from 'vitest'
import { chooseMonitor } from './wall-monitors.ts'

describe('chooseMonitor', () => {
  const monitors = [{ id: 'first' }, { id: 'second' }]
  it.each([
    { name: 'the address wins', requested: 'second', own: 'first', expected: 'second' },
    { name: "without one, the device's own monitor", requested: null, own: 'second', expected: 'second' },
    { name: 'without either, the first monitor', requested: '', own: undefined, expected: 'first' },
  ])('$name', ({ requested, own, expected }) => {
    expect(chooseMonitor(requested, { monitor: own }, monitors)).toBe(expected)
  })

  it('is null when no monitor is configured', () => expect(chooseMonitor(null, {}, [])).toBeNull())
})
