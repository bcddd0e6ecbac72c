/**
 * The suite starts the server, the CLIs and the simulators as child processes dozens of times. Loading
 * them through tsx costs each start ~1.6 s of CPU (module by module through the loader hooks); a bundle of
 * the same sources halves that (`docs/decisions.md`). The suite's global set-up bundles each entry once
 * with esbuild, the transformer tsx itself uses, and names the directory in `TEST_ENTRY_BUNDLES`; children
 * then run the bundles (`server/process/node-entry.ts`). Outside the suite (benchmarks, a single script)
 * the variable is unset and children run the sources through tsx, so nothing can run a stale bundle.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as esbuild from 'esbuild'
import { bundleFileName, NODE_ENTRIES } from '../process/node-entry.ts'

const ROOT = join(import.meta.dirname, '..', '..')

/**
 * Modules find their files (migrations, the web build, child entry points) from `import.meta.dirname`;
 * in a bundle that would be the bundle's own directory, so each module gets its source directory.
 */
const sourceDirnamePlugin: esbuild.Plugin = {
  name: 'source-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path))),
      loader: 'ts',
    }))
  },
}

/**
 * Bundles every entry into a new directory under `.cache/` (inside the repository, so the bundles
 * resolve packages from its node_modules) and returns that directory and how to remove it.
 */
export async function buildEntryBundles(): Promise<{ dir: string; remove(): void }> {
  const parent = join(ROOT, '.cache', 'entry-bundles')
  mkdirSync(parent, { recursive: true })
  removeAbandonedBundles(parent)
  const dir = mkdtempSync(join(parent, 'run-'))
  await esbuild.build({
    entryPoints: Object.fromEntries(
      NODE_ENTRIES.map((entry) => [bundleFileName(entry).replace(/\.mjs$/, ''), join(ROOT, entry)]),
    ),
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    plugins: [sourceDirnamePlugin],
    logLevel: 'error',
  })
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A run ended by a signal or a crash leaves its bundles behind; any older than a day is nobody's. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000

function removeAbandonedBundles(parent: string): void {
  for (const name of readdirSync(parent)) {
    const path = join(parent, name)
    if (Date.now() - statSync(path).mtimeMs > ABANDONED_AFTER_MS) rmSync(path, { recursive: true, force: true })
  }
}
