import { describe, expect, it } from 'vitest'
import { nextState, RETRY_MAX_MS, retryDelay, weMustRetry } from './reconnect-policy.ts'

describe('retryDelay', () => {
  it.each([
    { name: 'the first retry waits half a second to a second', attempt: 0, random: 0, expected: 500 },
    { name: 'the first retry waits at most a second', attempt: 0, random: 0.999, expected: 1_000 },
    { name: 'the wait doubles with each attempt', attempt: 2, random: 0, expected: 2_000 },
    { name: 'the wait stops growing at five seconds', attempt: 10, random: 0.999, expected: 4_998 },
    { name: 'a huge attempt count does not overflow', attempt: 10_000, random: 0, expected: RETRY_MAX_MS / 2 },
  ])('$name', ({ attempt, random, expected }) => {
    expect(retryDelay(attempt, random)).toBe(expected)
  })

  it('never waits longer than the ceiling, whatever the attempt', () => {
    for (let attempt = 0; attempt < 100; attempt += 1)
      expect(retryDelay(attempt, 0.9999)).toBeLessThanOrEqual(RETRY_MAX_MS)
  })
})

describe('weMustRetry', () => {
  it.each([
    {
      name: 'a server restart (server ended the connection)',
      event: { kind: 'disconnect', reason: 'io server disconnect' },
      expected: true,
    },
    { name: 'a refusal socket.io gave up on', event: { kind: 'refused', active: false }, expected: true },
    {
      name: 'not a network loss: socket.io retries itself',
      event: { kind: 'disconnect', reason: 'transport close' },
      expected: false,
    },
    {
      name: 'not a ping timeout: socket.io retries itself',
      event: { kind: 'disconnect', reason: 'ping timeout' },
      expected: false,
    },
    { name: 'not a failed attempt socket.io will repeat', event: { kind: 'refused', active: true }, expected: false },
    { name: 'not our own disconnect', event: { kind: 'disconnect', reason: 'io client disconnect' }, expected: false },
  ] as const)('$name', ({ event, expected }) => {
    expect(weMustRetry(event)).toBe(expected)
  })
})

describe('nextState', () => {
  it.each([
    { event: 'connect', expected: 'live' },
    { event: 'disconnect', expected: 'reconnecting' },
    { event: 'connect_error', expected: 'reconnecting' },
  ] as const)('$event makes the connection $expected', ({ event, expected }) => {
    expect(nextState(event)).toBe(expected)
  })
})
