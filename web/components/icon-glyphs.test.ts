/**
 * Icons are SVG (Icon.svelte): an emoji in the markup renders as an empty box on kiosk and Debian machines,
 * which have no emoji font.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const WEB = join(import.meta.dirname, '..')
// Pictographs, emoji, the miscellaneous symbols and dingbats (⚑ ✎ ✕) and the emoji presentation selector:
// fonts on a kiosk lack most of them, and a symbol used as an icon has no label of its own.
const EMOJI = /[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}]|\u{FE0F}/u

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return svelteFiles(path)
    return entry.name.endsWith('.svelte') ? [path] : []
  })
}

describe('icons', () => {
  it('no component draws an icon with an emoji', () => {
    const found = svelteFiles(WEB).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (EMOJI.test(line) ? [`${relative(WEB, file)}:${i + 1}: ${line.trim()}`] : [])),
    )
    expect(found).toEqual([])
  })
})
