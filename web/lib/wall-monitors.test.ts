import { describe, expect, it } from 'vitest'
import { chooseMonitor, monitorOfUser, parseMonitors } from './wall-monitors.ts'

describe('parseMonitors', () => {
  it('reads monitors with zones given as objects, their kind plain or inside content', () => {
    const body = {
      monitors: [
        {
          id: 'main',
          name: '主屏',
          nameEn: 'Main',
          alarmZone: 'alarm',
          zones: [{ id: 'map', kind: 'map' }, { id: 'alarm', content: { kind: 'alarm' } }, 'extra'],
        },
      ],
    }
    expect(parseMonitors(body)).toEqual([
      {
        id: 'main',
        name: '主屏',
        nameEn: 'Main',
        alarmZone: 'alarm',
        zones: [
          { id: 'map', kind: 'map' },
          { id: 'alarm', kind: 'alarm' },
          { id: 'extra', kind: null },
        ],
      },
    ])
  })

  it('accepts a bare array and names a monitor by its id when it has no name', () => {
    expect(parseMonitors([{ id: 'side' }])).toEqual([
      { id: 'side', name: 'side', nameEn: null, alarmZone: null, zones: [] },
    ])
  })

  it.each([null, 'html', 42, { monitors: 'x' }, { monitors: [null, { name: 'no id' }, { id: '' }] }])(
    'reads %j as no monitors',
    (body) => {
      expect(parseMonitors(body)).toEqual([])
    },
  )
})

describe('chooseMonitor', () => {
  const monitors = parseMonitors([{ id: 'first' }, { id: 'second' }])
  it.each([
    { name: 'the address wins', requested: 'second', own: 'first', expected: 'second' },
    { name: "without one, the device's own monitor", requested: null, own: 'second', expected: 'second' },
    { name: 'without either, the first monitor', requested: '', own: null, expected: 'first' },
  ])('$name', ({ requested, own, expected }) => {
    expect(chooseMonitor(requested, own, monitors)).toBe(expected)
  })

  it('is null when no monitor is configured', () => expect(chooseMonitor(null, null, [])).toBeNull())
})

describe('monitorOfUser', () => {
  it('reads a paired device monitor', () => expect(monitorOfUser({ username: 'wall-1', monitor: 'main' })).toBe('main'))
  it('is null for a user without one', () => expect(monitorOfUser({ username: 'op', monitor: null })).toBeNull())
})
