import { describe, expect, it } from 'vitest'
import { canPush, layoutTarget, pushBody, type PushTarget } from './wall-push.ts'

describe('pushBody', () => {
  const choice = { monitor: 'main', zone: '', minutes: 5 }
  it.each<{ name: string; target: PushTarget; zone: string; expected: object }>([
    {
      name: 'a camera goes to the alarm zone for five minutes',
      target: { kind: 'camera', camera: 'cam-1', name: 'x' },
      zone: '',
      expected: { monitor: 'main', seconds: 300, camera: 'cam-1' },
    },
    {
      name: 'a layout goes to the zone picked',
      target: { kind: 'layout', cameras: ['a', 'b'] },
      zone: 'tour',
      expected: { monitor: 'main', seconds: 300, zone: 'tour', layout: ['a', 'b'] },
    },
    {
      name: 'an incident goes by its id',
      target: { kind: 'incident', incident: 7, code: 'SE-1' },
      zone: '',
      expected: { monitor: 'main', seconds: 300, incident: 7 },
    },
  ])('$name', ({ target, zone, expected }) => {
    expect(pushBody(target, { ...choice, zone })).toEqual(expected)
  })
})

describe('layoutTarget', () => {
  it('leaves out empty tiles and repeats', () => {
    expect(layoutTarget(['a', null, 'b', 'a'])).toEqual({ kind: 'layout', cameras: ['a', 'b'] })
  })
  it('is nothing for an empty layout', () => expect(layoutTarget([null, null])).toBeNull())
  it('takes at most sixteen cameras', () => {
    const tiles = Array.from({ length: 25 }, (_, i) => `cam-${i}`)
    expect(layoutTarget(tiles)).toMatchObject({ cameras: tiles.slice(0, 16) })
  })
})

describe('canPush', () => {
  it.each([
    ['admin', true],
    ['supervisor', true],
    ['operator', true],
    ['department', false],
    ['wall', false],
  ] as const)('%s: %s', (role, expected) => expect(canPush(role)).toBe(expected))
})
