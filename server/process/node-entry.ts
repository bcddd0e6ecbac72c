/**
 * Node's arguments to run one of the repository's entry points as a child process: its sources through
 * tsx, or, when `TEST_ENTRY_BUNDLES` names a directory, the esbuild bundle of the entry there. The test
 * suite builds those bundles once per run (`server/testing/entry-bundles.ts`) because it starts these
 * processes dozens of times and a bundle starts in half the CPU; nothing else sets the variable.
 */
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')
export const ENTRY_BUNDLES_ENV = 'TEST_ENTRY_BUNDLES'

/** The entry points that are started as processes, relative to the repository root. */
export const NODE_ENTRIES = [
  'server/main.ts',
  'server/media/rtmp/rtmp-ingest-main.ts',
  'scripts/wall-cli.ts',
  'scripts/user-cli.ts',
  'fixtures/fleet/main.ts',
  'fixtures/case-system/main.ts',
] as const
export type NodeEntry = (typeof NODE_ENTRIES)[number]

/** The bundle's file name for an entry: its path with `/` as `--` and `.mjs` for `.ts`. */
export function bundleFileName(entry: NodeEntry): string {
  return entry.replaceAll('/', '--').replace(/\.ts$/, '.mjs')
}

/**
 * V8 flags an entry runs with, bundle or sources. The server holds every camera's media in Buffers, whose
 * memory V8 counts against the old generation's limit until a full collection. With the server's ~40 MB
 * heap that limit leaves less room than the young generation, so at 64 streams V8 ran a full mark-compact
 * every 0.3 s; a 256 MB floor under the limit leaves them to the external-memory trigger (one every ~4 s).
 * It is a limit, not a reservation: the heap stays at its ~40-50 MB. Figures in docs/benchmarks.md.
 * `npm start` spells the same flags out (a test keeps the two equal).
 */
export const ENTRY_V8_FLAGS: Partial<Record<NodeEntry, readonly string[]>> = {
  'server/main.ts': ['--initial-old-space-size=256'],
}

export function nodeArgsFor(entry: NodeEntry): string[] {
  const dir = process.env[ENTRY_BUNDLES_ENV]
  if (dir) return [...v8FlagsOf(entry), '--enable-source-maps', join(dir, bundleFileName(entry))]
  return sourceNodeArgsFor(entry)
}

/** Node's arguments to run an entry from its sources through tsx, as `npm start` and the scripts do. */
export function sourceNodeArgsFor(entry: NodeEntry): string[] {
  return [...v8FlagsOf(entry), '--import', 'tsx', join(ROOT, entry)]
}

function v8FlagsOf(entry: NodeEntry): readonly string[] {
  return ENTRY_V8_FLAGS[entry] ?? []
}
