/**
 * Vitest's global set-up: bundles the entries tests start as processes once per run (`entry-bundles.ts`)
 * and names their directory in the environment, so every child started by a test, and its own children,
 * run the bundles.
 */
import { ENTRY_BUNDLES_ENV } from '../process/node-entry.ts'
import { buildEntryBundles } from './entry-bundles.ts'

export default async function setup(): Promise<() => void> {
  const bundles = await buildEntryBundles()
  process.env[ENTRY_BUNDLES_ENV] = bundles.dir
  return () => {
    delete process.env[ENTRY_BUNDLES_ENV]
    bundles.remove()
  }
}
