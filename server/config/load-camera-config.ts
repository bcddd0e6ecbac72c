/**
 * Loads and validates camera-config/: every file parsed with line positions, checked against its schema,
 * then cross-checked. Any problem throws one ConfigError listing them all, so an administrator fixes
 * everything in one pass.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TSchema } from 'typebox'
import { CaseFeedFile, ConfigFiles, FleetFile, type CameraConfig } from '../contracts/camera-config.ts'
import { RecordingFile } from '../contracts/recording.ts'
import { WallFile } from '../contracts/wall.ts'
import { ConfigError, type ConfigIssue } from './config-error.ts'
import { referenceIssues, type SourcesByFile } from './reference-checks.ts'
import { schemaIssues, sourceIssues } from './schema-check.ts'
import { YamlSource, type FieldPath } from './yaml-source.ts'

const isCameraSource = (path: FieldPath): boolean => path.length === 3 && path[0] === 'cameras' && path[2] === 'source'

function readSource(dir: string, file: string, optional: boolean, issues: ConfigIssue[]): YamlSource | undefined {
  const full = join(dir, file)
  if (!existsSync(full)) {
    if (!optional) issues.push({ file, field: '', message: `missing (expected in ${dir})` })
    return undefined
  }
  const source = new YamlSource(file, readFileSync(full, 'utf8'))
  issues.push(...source.parseIssues)
  return source
}

export function loadCameraConfig(dir: string, env: Record<string, string | undefined> = process.env): CameraConfig {
  const issues: ConfigIssue[] = []
  const sources: SourcesByFile = {}
  const values: Record<string, unknown> = {}
  const files: [string, TSchema, boolean][] = [
    ...Object.entries(ConfigFiles).map(([f, s]): [string, TSchema, boolean] => [f, s, false]),
    ...Object.entries({ ...FleetFile, ...CaseFeedFile, ...WallFile, ...RecordingFile }).map(
      ([f, s]): [string, TSchema, boolean] => [f, s, true],
    ),
  ]
  for (const [file, schema, optional] of files) {
    const source = readSource(dir, file, optional, issues)
    if (!source || source.parseIssues.length > 0) continue
    sources[file] = source
    const found = schemaIssues(source, schema, source.value, [], isCameraSource)
    if (file === 'cameras.yaml') found.push(...cameraSourceIssues(source))
    issues.push(...found)
    if (found.length === 0) values[file] = source.value
  }
  // Cross-checks need every file in shape; report shape problems first.
  if (issues.length > 0) throw new ConfigError(issues)

  const pick = <T>(file: string, key: string): T => (values[file] as Record<string, T>)[key] as T
  const config: CameraConfig = {
    dir,
    cameraCategories: pick('camera-categories.yaml', 'cameraCategories'),
    eventCategories: pick('event-categories.yaml', 'eventCategories'),
    communities: pick('communities.yaml', 'communities'),
    grids: pick('grids.yaml', 'grids'),
    departments: pick('departments.yaml', 'departments'),
    rules: pick('routing.yaml', 'rules'),
    cameras: pick('cameras.yaml', 'cameras'),
    fleet: values['fleet.yaml'] ? pick('fleet.yaml', 'fleet') : null,
    caseFeed: values['case-feed.yaml'] ? pick('case-feed.yaml', 'caseFeed') : null,
    wall: values['wall.yaml'] ? pick('wall.yaml', 'wall') : null,
    recording: values['recording.yaml'] ? pick('recording.yaml', 'recording') : null,
  }
  const references = referenceIssues(config, sources, env)
  if (references.length > 0) throw new ConfigError(references)
  return config
}

function cameraSourceIssues(source: YamlSource): ConfigIssue[] {
  const cameras = (source.value as { cameras?: unknown } | null)?.cameras
  if (!Array.isArray(cameras)) return []
  return cameras.flatMap((camera: unknown, i) => {
    if (typeof camera !== 'object' || camera === null || !('source' in camera)) return []
    return sourceIssues(source, (camera as { source: unknown }).source, ['cameras', i, 'source'])
  })
}
