import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ENTRY_BUNDLES_ENV, nodeArgsFor, sourceNodeArgsFor } from './node-entry.ts'

const ROOT = join(import.meta.dirname, '..', '..')

describe("the server's node arguments", () => {
  it('are the ones `npm start` spells out', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    const args = sourceNodeArgsFor('server/main.ts').map((arg) => (arg.startsWith(ROOT) ? relative(ROOT, arg) : arg))
    expect(scripts.start).toBe(['node', ...args].join(' '))
  })

  it('carry the heap floor from sources and from a bundle alike', () => {
    expect(sourceNodeArgsFor('server/main.ts')).toContain('--initial-old-space-size=256')
    const saved = process.env[ENTRY_BUNDLES_ENV]
    process.env[ENTRY_BUNDLES_ENV] = '/tmp/bundles'
    try {
      const args = nodeArgsFor('server/main.ts')
      expect(args).toContain('--initial-old-space-size=256')
      expect(args.at(-1)).toBe('/tmp/bundles/server--main.mjs')
    } finally {
      if (saved === undefined) delete process.env[ENTRY_BUNDLES_ENV]
      else process.env[ENTRY_BUNDLES_ENV] = saved
    }
  })

  it('leave the other entries without V8 flags', () => {
    expect(sourceNodeArgsFor('fixtures/fleet/main.ts')[0]).toBe('--import')
  })
})
