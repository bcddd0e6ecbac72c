/** `npm run config:demo`: writes the deterministic demo configuration into camera-config/. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderDemoConfig } from './demo-config/render-demo-config.ts'

const dir = join(import.meta.dirname, '..', 'camera-config')
for (const [name, text] of Object.entries(renderDemoConfig())) {
  writeFileSync(join(dir, name), text)
  console.log(`wrote camera-config/${name}`)
}
