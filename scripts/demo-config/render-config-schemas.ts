/** JSON Schema (draft 2020-12) text per config file, from the same TypeBox schemas the server validates with. */
import { CaseFeedFile, ConfigFiles, FleetFile } from '../../server/contracts/camera-config.ts'
import { RecordingFile } from '../../server/contracts/recording.ts'
import { WallFile } from '../../server/contracts/wall.ts'

export function renderConfigSchemas(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [file, schema] of Object.entries({
    ...ConfigFiles,
    ...FleetFile,
    ...CaseFeedFile,
    ...WallFile,
    ...RecordingFile,
  })) {
    const name = file.replace(/\.yaml$/, '.schema.json')
    const doc = { $schema: 'https://json-schema.org/draft/2020-12/schema', title: `camera-config/${file}`, ...schema }
    out[name] = `${JSON.stringify(doc, null, 2)}\n`
  }
  return out
}
