import { describe, expect, it } from 'vitest'
import type { Quality } from '../contracts/media.ts'
import { chooseClipStream, type HeldSpan } from './evidence-clip.ts'

const flag = 1_000_000
const from = (secondsBefore: number): HeldSpan => ({ startMs: flag - secondsBefore * 1000 })

describe('chooseClipStream', () => {
  it.each<[string, Partial<Record<Quality, HeldSpan>>, Quality | undefined]>([
    ['main ran for the seconds before (a maximised tile): main', { main: from(10.5), sub: from(10.2) }, 'main'],
    ['main alone ran: main', { main: from(10) }, 'main'],
    [
      'only sub ran before; main started at the flag: sub, before and after alike',
      { main: from(-1), sub: from(10) },
      'sub',
    ],
    ['nothing ran before; main started at the flag: main, the seconds after only', { main: from(-1) }, 'main'],
    ['main started a second before the flag, sub ran long: sub', { main: from(1), sub: from(10) }, 'sub'],
    ['main holds a GOP less of the seconds before than sub: main still', { main: from(8.5), sub: from(10) }, 'main'],
    ['only sub holds anything: sub', { sub: from(3) }, 'sub'],
    ['neither holds anything: no clip', {}, undefined],
  ])('%s', (_name, held, chosen) => {
    expect(chooseClipStream(flag, held)).toBe(chosen)
  })
})
