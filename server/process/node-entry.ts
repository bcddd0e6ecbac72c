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

export function nodeArgsFor(entry: NodeEntry): string[] {
  const dir = process.env[ENTRY_BUNDLES_ENV]
  if (dir) return ['--enable-source-maps', join(dir, bundleFileName(entry))]
  return sourceNodeArgsFor(entry)
}

/** Node's arguments to run an entry from its sources through tsx, as `npm start` and the scripts do. */
export function sourceNodeArgsFor(entry: NodeEntry): string[] {
  return ['--import', 'tsx', join(ROOT, entry)]
}
