import { describe, expect, it } from 'vitest'
import {
  clearTile,
  fitCameras,
  gridShape,
  LAYOUT_KINDS,
  moveSelection,
  pagesOf,
  parseDeepLink,
  placeCamera,
  placeGroup,
  tileCount,
  type Direction,
} from './layout-model.ts'
import type { LayoutKind } from '../../../server/contracts/patrol.ts'

describe('layout kinds', () => {
  it('every kind has as many grid areas as tiles', () => {
    for (const kind of LAYOUT_KINDS)
      expect({ kind, areas: gridShape(kind).areas.length }).toEqual({ kind, areas: tileCount(kind) })
  })

  it('tiles of a layout never overlap and stay inside the grid', () => {
    for (const kind of LAYOUT_KINDS) {
      const { size, areas } = gridShape(kind)
      const taken = new Set<string>()
      for (const a of areas) {
        for (let r = a.row; r < a.row + a.rowSpan; r++) {
          for (let c = a.col; c < a.col + a.colSpan; c++) {
            expect(r <= size && c <= size).toBe(true)
            expect(taken.has(`${r},${c}`)).toBe(false)
            taken.add(`${r},${c}`)
          }
        }
      }
      expect({ kind, cells: taken.size }).toEqual({ kind, cells: size * size })
    }
  })

  it('1+5 puts a 2 x 2 tile top-left on a 3 x 3 grid, 1+7 a 3 x 3 tile on 4 x 4', () => {
    expect(gridShape('1+5').areas[0]).toEqual({ row: 1, col: 1, rowSpan: 2, colSpan: 2 })
    expect(gridShape('1+7').areas[0]).toEqual({ row: 1, col: 1, rowSpan: 3, colSpan: 3 })
    expect(gridShape('1+7').size).toBe(4)
  })

  it('fitting a list to a smaller kind keeps the first tiles, to a larger one pads with empty tiles', () => {
    expect(fitCameras(['a', 'b', 'c', 'd', 'e'], '4')).toEqual(['a', 'b', 'c', 'd'])
    expect(fitCameras(['a'], '4')).toEqual(['a', null, null, null])
  })
})

describe('placing cameras', () => {
  it('a camera dropped on a tile replaces what was there', () => {
    expect(placeCamera(['a', 'b', null, null], 1, 'x')).toEqual(['a', 'x', null, null])
  })

  it('a camera already on screen moves to the drop tile instead of playing twice', () => {
    expect(placeCamera(['a', 'b', null, null], 3, 'a')).toEqual([null, 'b', null, 'a'])
  })

  it('a group fills the drop tile, then the empty tiles after it, keeping occupied ones', () => {
    const result = placeGroup(['a', null, 'b', null], 1, ['x', 'y', 'z'])
    expect(result).toEqual({ cameras: ['a', 'x', 'b', 'y'], leftOver: ['z'] })
  })

  it('a group skips cameras already on screen and repeats within itself', () => {
    expect(placeGroup(['a', null, null, null], 1, ['a', 'x', 'x', 'y']).cameras).toEqual(['a', 'x', 'y', null])
  })

  it('a group dropped on an occupied tile replaces that one tile only', () => {
    expect(placeGroup(['a', 'b', 'c', null], 0, ['x', 'y']).cameras).toEqual(['x', 'b', 'c', 'y'])
  })

  it('clearing a tile empties only it', () => {
    expect(clearTile(['a', 'b'], 0)).toEqual([null, 'b'])
  })
})

describe('keyboard movement between tiles', () => {
  const cases: Array<[string, LayoutKind, number, Direction, number]> = [
    ['right on a 2 x 2 goes to the next column', '4', 0, 'right', 1],
    ['down on a 2 x 2 goes to the next row', '4', 1, 'down', 3],
    ['left at the left edge stays put', '4', 2, 'left', 2],
    ['up on a 3 x 3 from the centre goes to the top middle', '9', 4, 'up', 1],
    ['right from the large 1+5 tile goes to the right column, top first', '1+5', 0, 'right', 1],
    ['down from the large 1+5 tile goes to the bottom row, left first', '1+5', 0, 'down', 3],
    ['up from the bottom-left small tile of 1+5 goes to the large tile', '1+5', 3, 'up', 0],
    ['left from a right-column tile of 1+7 goes to the large tile', '1+7', 2, 'left', 0],
    ['down from the lowest right-column tile of 1+7 reaches the corner', '1+7', 3, 'down', 7],
  ]
  for (const [name, kind, from, direction, to] of cases) {
    it(name, () => expect(moveSelection(kind, from, direction)).toBe(to))
  }
})

describe('pages', () => {
  it('cuts a tour into pages of the layout size, padding the last', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `c${i}`)
    const pages = pagesOf(ids, '4')
    expect(pages.length).toBe(3)
    expect(pages[2]).toEqual(['c8', 'c9', null, null])
  })
})

describe('deep links', () => {
  it('reads a layout and its cameras', () => {
    expect(parseDeepLink('?layout=4&cameras=a,b,c,d')).toEqual({
      layout: { kind: '4', cameras: ['a', 'b', 'c', 'd'] },
      tourId: null,
    })
  })

  it('reads a focus kind whether or not the + was encoded', () => {
    expect(parseDeepLink('?layout=1+5&cameras=a').layout?.kind).toBe('1+5')
    expect(parseDeepLink('?layout=1%2B7&cameras=a').layout?.kind).toBe('1+7')
  })

  it('an unknown kind falls back to the smallest grid that shows every camera', () => {
    expect(parseDeepLink('?layout=7&cameras=a,b,c,d,e').layout?.kind).toBe('9')
  })

  it('empty entries leave tiles empty; extra cameras are dropped', () => {
    expect(parseDeepLink('?layout=4&cameras=a,,c,d,e').layout?.cameras).toEqual(['a', null, 'c', 'd'])
  })

  it('reads a tour id, ignoring one that is not a positive integer', () => {
    expect(parseDeepLink('?tour=7')).toEqual({ layout: null, tourId: 7 })
    expect(parseDeepLink('?tour=x').tourId).toBeNull()
  })
})
