import { describe, expect, it } from 'vitest'
import { parseWallFlags } from './wall-flags.ts'

describe('parseWallFlags', () => {
  it("runs the kiosk's Chromium as README.md's kiosk command does unless told otherwise", () => {
    expect(parseWallFlags([])).toEqual({
      minutes: 480,
      faults: false,
      heapSnapshots: false,
      idle: false,
      jsFlags: '--jitless',
      out: 'test-artifacts/bench-wall.json',
    })
    expect(parseWallFlags(['--js-flags=', '--minutes', '24']).jsFlags).toBe('')
    expect(parseWallFlags(['--js-flags=--max-lazy', '--faults', '--idle']).jsFlags).toBe('--max-lazy')
  })

  it('refuses a run shorter than two minutes or not in whole minutes', () => {
    expect(() => parseWallFlags(['--minutes', '1'])).toThrow('--minutes: a whole number of minutes, at least 2')
    expect(() => parseWallFlags(['--minutes', '2.5'])).toThrow('(got "2.5")')
  })
})
