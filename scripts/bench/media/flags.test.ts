import { describe, expect, it } from 'vitest'
import { DEFAULT_OPTIONS, parseFlags } from './flags.ts'

describe('bench:media flags', () => {
  it('no flags: the full benchmark (5 runs, 16 to 128 streams)', () => {
    expect(parseFlags([])).toEqual(DEFAULT_OPTIONS)
  })

  it('--quick: one run and two small load levels', () => {
    expect(parseFlags(['--quick'])).toMatchObject({ quick: true, runs: 1, loadLevels: [4, 8], loadWindows: 1 })
  })

  it('explicit flags win over --quick, wherever they stand', () => {
    expect(parseFlags(['--runs', '3', '--quick', '--load-levels', '2,6'])).toMatchObject({
      runs: 3,
      loadLevels: [2, 6],
      quick: true,
    })
  })

  it('parts can be switched off, and the quality chosen', () => {
    expect(parseFlags(['--no-browser', '--no-load', '--quality', 'sub', '--load-quality', 'sub'])).toMatchObject({
      browser: false,
      load: false,
      quality: 'sub',
      loadQuality: 'sub',
    })
  })

  it.each([
    ['an unknown flag', ['--rnus', '3'], /unknown flag "--rnus"/],
    ['a run count that is not a number', ['--runs', 'many'], /--runs needs a whole number from 1 to 14, got "many"/],
    [
      'more streams than the configuration has cameras',
      ['--load-levels', '16,200'],
      /--load-levels needs a whole number from 1 to 128, got "200"/,
    ],
    ['a quality that does not exist', ['--quality', 'hd'], /--quality is main or sub, got "hd"/],
  ])('refuses %s', (_name, argv, message) => {
    expect(() => parseFlags(argv)).toThrow(message)
  })
})
