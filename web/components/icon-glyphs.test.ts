/**
 * Icons are SVG (Icon.svelte): an emoji in the markup renders as an empty box on kiosk and Debian machines,
 * which have no emoji font.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const WEB = join(import.meta.dirname, '..')
// Pictographs, emoji and the emoji presentation selector: none of them is in the fonts a kiosk has.
const EMOJI = /[\u{1F000}-\u{1FAFF}]|\u{FE0F}/u

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
