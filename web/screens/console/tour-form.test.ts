import { describe, expect, it } from 'vitest'
import { addItems, emptyForm, parseTimes, toInput } from './tour-form.ts'

describe('tour form', () => {
  it('reads times separated by commas, spaces or Chinese punctuation, padded and sorted', () => {
    expect(parseTimes('14:00，8:00; 10:30 8:00')).toEqual(['08:00', '10:30', '14:00'])
    expect(parseTimes('')).toEqual([])
    expect(parseTimes('25:00')).toBeNull()
  })

  it('builds the input the server takes', () => {
    const form = {
      ...emptyForm(),
      name: ' 治安乱点巡查 ',
      items: [{ type: 'category', id: 'trouble-spot' } as const],
      times: '10:00, 8:00',
      weekdays: [5, 1],
    }
    expect(toInput(form)).toEqual({
      input: {
        name: '治安乱点巡查',
        items: [{ type: 'category', id: 'trouble-spot' }],
        kind: '4',
        dwellSeconds: 15,
        schedule: { times: ['08:00', '10:00'], weekdays: [1, 5] },
      },
    })
  })

  it('no times means no schedule', () => {
    const result = toInput({ ...emptyForm(), name: 'x', items: [{ type: 'camera', id: 'a' }] })
    expect('input' in result && result.input.schedule).toBeNull()
  })

  const errors: Array<[string, Partial<ReturnType<typeof emptyForm>>, string]> = [
    ['a name is required', { name: '  ' }, 'tourEditor.errors.name'],
    ['at least one item', { items: [] }, 'tourEditor.errors.items'],
    ['a dwell of 3 s at least', { dwellSeconds: 2 }, 'tourEditor.errors.dwell'],
    ['times must be times', { times: 'noon' }, 'tourEditor.errors.times'],
    ['a schedule needs a weekday', { times: '08:00', weekdays: [] }, 'tourEditor.errors.weekdays'],
  ]
  for (const [name, over, error] of errors) {
    it(name, () =>
      expect(toInput({ ...emptyForm(), name: 'x', items: [{ type: 'camera', id: 'a' }], ...over })).toEqual({ error }),
    )
  }

  it('adding items skips ones already listed', () => {
    expect(
      addItems(
        [{ type: 'camera', id: 'a' }],
        [
          { type: 'camera', id: 'a' },
          { type: 'grid', id: 'g' },
        ],
      ),
    ).toEqual([
      { type: 'camera', id: 'a' },
      { type: 'grid', id: 'g' },
    ])
  })
})
