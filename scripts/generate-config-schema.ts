/** `npm run config:schema`: writes JSON Schema files for editors from the TypeBox schemas. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderConfigSchemas } from './demo-config/render-config-schemas.ts'

const dir = join(import.meta.dirname, '..', 'camera-config', 'schema')
mkdirSync(dir, { recursive: true })
for (const [name, text] of Object.entries(renderConfigSchemas())) {
  writeFileSync(join(dir, name), text)
  console.log(`wrote camera-config/schema/${name}`)
}
