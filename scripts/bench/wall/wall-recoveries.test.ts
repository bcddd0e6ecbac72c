import { describe, expect, it } from 'vitest'
import { RecoveryCounter } from './wall-recoveries.ts'

const status = (degraded: boolean, troubledTiles: string[] = []) => ({
  path: '/wall',
  degraded,
  connection: degraded ? 'reconnecting' : 'live',
  troubledTiles,
})

describe('RecoveryCounter', () => {
  it('counts a degraded spell that cleared and the tiles that came back', () => {
    const counter = new RecoveryCounter()
    for (const s of [
      status(false),
      status(true, ['cam-1']),
      status(true, ['cam-1', 'cam-2']),
      status(false, ['cam-2']),
    ])
      counter.add(s)
    expect(counter.result()).toEqual({
      degradedAppeared: 1,
      degradedCleared: 1,
      tilesRecovered: ['cam-1'],
      tilesStillTroubled: ['cam-2'],
    })
  })

  it('counts nothing for a wall that stayed healthy', () => {
    const counter = new RecoveryCounter()
    counter.add(status(false))
    counter.add(status(false))
    expect(counter.result()).toEqual({
      degradedAppeared: 0,
      degradedCleared: 0,
      tilesRecovered: [],
      tilesStillTroubled: [],
    })
  })
})
