/**
 * The suite starts the server and the CLIs as child processes dozens of times. Loading them through tsx
 * costs each start ~1.6 s of CPU (module by module through the loader hooks); a bundle of the same
 * sources halves the start (`docs/decisions.md`). The suite's global set-up bundles each entry once with
 * esbuild, the transformer tsx itself uses, and names the directory in `TEST_ENTRY_BUNDLES`; children
 * started by tests then run the bundle. Outside the suite (benchmarks, a single script) the variable is
 * unset and children run the sources through tsx, so nothing can run a stale bundle.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as esbuild from 'esbuild'

const ROOT = join(import.meta.dirname, '..', '..')
const BUNDLES_ENV = 'TEST_ENTRY_BUNDLES'

/** Entry points that tests start as processes, relative to the repository root. */
export const BUNDLED_ENTRIES = ['server/main.ts', 'scripts/wall-cli.ts', 'scripts/user-cli.ts'] as const
export type BundledEntry = (typeof BUNDLED_ENTRIES)[number]

function bundleName(entry: BundledEntry): string {
  return entry.replaceAll('/', '--').replace(/\.ts$/, '.mjs')
}

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
  const dir = mkdtempSync(join(parent, 'run-'))
  await esbuild.build({
    entryPoints: Object.fromEntries(
      BUNDLED_ENTRIES.map((entry) => [bundleName(entry).replace(/\.mjs$/, ''), join(ROOT, entry)]),
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

/** Makes later `nodeArgsFor` calls in this process and its children run the bundles in `dir`. */
export function useEntryBundles(dir: string | undefined): void {
  if (dir === undefined) delete process.env[BUNDLES_ENV]
  else process.env[BUNDLES_ENV] = dir
}

/** Node's arguments to run `entry`: its bundle when the suite built one, else its source through tsx. */
export function nodeArgsFor(entry: BundledEntry): string[] {
  const dir = process.env[BUNDLES_ENV]
  if (dir) return ['--enable-source-maps', join(dir, bundleName(entry))]
  return ['--import', 'tsx', join(ROOT, entry)]
}
