import { describe, expect, it } from 'vitest'
import { commandFor, type KeyPress } from './console-keys.ts'
import { parsePayload, serialize, tourItemsOf, type DragPayload } from './drag-data.ts'

const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  typing: false,
  onControl: false,
  touring: false,
  ...over,
})

describe('console keys', () => {
  const cases: Array<[string, KeyPress, ReturnType<typeof commandFor>]> = [
    ['a digit selects that tile (1-based)', press('3'), { kind: 'select-tile', index: 2 }],
    ['0 is not a tile', press('0'), null],
    ['arrows move the selection', press('ArrowLeft'), { kind: 'move', direction: 'left' }],
    ['Enter maximises', press('Enter'), { kind: 'maximise' }],
    ['Esc restores', press('Escape'), { kind: 'restore' }],
    ['Space pauses or resumes the tour', press(' '), { kind: 'toggle-tour' }],
    ['N and P page, either case', press('N'), { kind: 'next-page' }],
    ['p pages back', press('p'), { kind: 'previous-page' }],
    ['S takes a snapshot', press('s'), { kind: 'snapshot' }],
    ['F flags an incident on the selected tile', press('f'), { kind: 'flag' }],
    ['? opens the help', press('?'), { kind: 'help' }],
    ['W pushes the selected tile to the wall', press('w'), { kind: 'push-camera' }],
    ['Shift+W pushes the whole layout to the wall', press('W'), { kind: 'push-layout' }],
    ['R plays the selected tile back (or returns it to live)', press('r'), { kind: 'toggle-playback' }],
    ['L is back to live', press('L'), { kind: 'back-to-live' }],
    ['K pauses or resumes playback', press('k'), { kind: 'play-pause' }],
    ['J steps back 10 s', press('j'), { kind: 'step-back', seconds: 10 }],
    ['Shift+J steps back 30 s', press('J'), { kind: 'step-back', seconds: 30 }],
    ['] plays faster, [ slower', press(']'), { kind: 'change-rate', direction: 1 }],
    ['T turns synced playback on or off', press('t'), { kind: 'toggle-sync' }],
    ['V shows the selected tile full screen', press('v'), { kind: 'fullscreen-tile' }],
    ['Shift+V shows the whole grid full screen', press('V'), { kind: 'fullscreen-grid' }],
    ['a focused button keeps Enter', press('Enter', { onControl: true, touring: true }), null],
    ['a focused button keeps Space when no tour is on screen', press(' ', { onControl: true }), null],
    [
      'Space pauses the tour even when the tour button just clicked still has the focus',
      press(' ', { onControl: true, touring: true }),
      { kind: 'toggle-tour' },
    ],
    ['nothing while typing in a field', press('n', { typing: true }), null],
    ["nothing with Ctrl (browser shortcuts stay the browser's)", press('s', { ctrlKey: true }), null],
  ]
  for (const [name, p, expected] of cases) it(name, () => expect(commandFor(p)).toEqual(expected))
})

describe('drag data', () => {
  it('round-trips a camera and a group', () => {
    const camera = { type: 'camera', id: 'cam-1', fromTile: 2 } as const
    expect(parsePayload(serialize(camera))).toEqual(camera)
    const group: DragPayload = { type: 'group', key: 'category:school', cameraIds: ['a', 'b'] }
    expect(parsePayload(serialize(group))).toEqual(group)
  })

  it('ignores anything else', () => {
    expect(parsePayload('hello')).toBeNull()
    expect(parsePayload('{"type":"group","key":"x","cameraIds":[1]}')).toBeNull()
    expect(parsePayload(null)).toBeNull()
  })

  it('turns tree groups into tour items that follow the group', () => {
    expect(tourItemsOf({ type: 'group', key: 'category:school', cameraIds: [] })).toEqual([
      { type: 'category', id: 'school' },
    ])
    expect(tourItemsOf({ type: 'group', key: 'community:c-01', cameraIds: [] })).toEqual([
      { type: 'community', id: 'c-01' },
    ])
    expect(tourItemsOf({ type: 'group', key: 'community:c-01/grid:g-01-02', cameraIds: [] })).toEqual([
      { type: 'grid', id: 'g-01-02' },
    ])
    expect(tourItemsOf({ type: 'group', key: 'uncategorized', cameraIds: ['a'] })).toEqual([
      { type: 'camera', id: 'a' },
    ])
  })
})
