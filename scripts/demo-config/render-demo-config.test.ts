import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderConfigSchemas } from './render-config-schemas.ts'
import { renderDemoConfig } from './render-demo-config.ts'

const CONFIG_DIR = join(import.meta.dirname, '..', '..', 'camera-config')

describe('the committed camera-config/ is what the generators make', () => {
  it('the demo configuration is deterministic and up to date (run `npm run config:demo` after changing the generator)', () => {
    const first = renderDemoConfig()
    expect(renderDemoConfig()).toEqual(first)
    for (const [name, text] of Object.entries(first)) {
      expect(readFileSync(join(CONFIG_DIR, name), 'utf8'), name).toBe(text)
    }
  })

  it('the JSON Schema files are up to date (run `npm run config:schema` after changing the contracts)', () => {
    for (const [name, text] of Object.entries(renderConfigSchemas())) {
      expect(readFileSync(join(CONFIG_DIR, 'schema', name), 'utf8'), name).toBe(text)
    }
  })
})
