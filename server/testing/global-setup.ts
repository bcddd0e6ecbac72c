/** Vitest's global set-up: bundles the entries tests start as processes once per run (`entry-bundles.ts`). */
import { buildEntryBundles, useEntryBundles } from './entry-bundles.ts'

export default async function setup(): Promise<() => void> {
  const bundles = await buildEntryBundles()
  useEntryBundles(bundles.dir)
  return () => {
    useEntryBundles(undefined)
    bundles.remove()
  }
}
