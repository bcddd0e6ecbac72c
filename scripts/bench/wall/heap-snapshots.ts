/**
 * Finds what the wall's JS heap keeps: drives the kiosk wall as `npm run bench:wall` does (real server with
 * the shipped configuration and fleet, plain Chromium at 3840x2160, a bare DevTools connection), takes a
 * heap snapshot after a forced GC at --first minutes and another at --minutes, optionally restarting the
 * server in between (--restart-at), and prints the constructors that grew most with what holds the new
 * survivors. The snapshots stay in test-artifacts/ for DevTools' Memory panel (Comparison view).
 *   node --import tsx scripts/bench/wall/heap-snapshots.ts --first 2 --minutes 8 --restart-at 4
 *   node --import tsx scripts/bench/wall/heap-snapshots.ts --compare a.heapsnapshot b.heapsnapshot
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { RawCdp } from '../console/raw-cdp.ts'
import { compositionLine, diffHeaps, heapComposition, heapDiffReport, parseHeap } from './heap-diff.ts'
import { allTilesPlayingExpression } from './wall-probes.ts'
import { takeHeapSnapshot } from './take-heap-snapshot.ts'
import { startWallKiosk } from './wall-server.ts'

const ROOT = resolve(import.meta.dirname, '..', '..', '..')
const OUT_DIR = resolve(ROOT, 'test-artifacts')
const began = performance.now()
const log = (message: string): void => {
  process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(5)} s] ${message}\n`)
}
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

async function snapshot(cdp: RawCdp, file: string): Promise<string> {
  const taken = await takeHeapSnapshot(cdp, file)
  const composition = compositionLine(heapComposition(parseHeap(taken.text)))
  log(`snapshot ${file}: heap used ${(taken.usedBytes / 2 ** 20).toFixed(2)} MiB: ${composition}`)
  return taken.text
}

async function drive(first: number, minutes: number, restartAt: number | undefined): Promise<void> {
  const closers: Array<() => Promise<unknown>> = []
  try {
    log('starting the server (320 cameras, simulated fleet)')
    const { server, cdp } = await startWallKiosk(closers)
    await cdp.send('Page.navigate', { url: await server.pairingLink('heap-kiosk') })
    const painted = await cdp.evaluate(allTilesPlayingExpression(120_000), 130_000)
    log(`every tile playing: ${painted !== null}`)
    const start = Date.now()
    const at = (minute: number): Promise<void> => sleep(Math.max(0, start + minute * 60_000 - Date.now()))
    mkdirSync(OUT_DIR, { recursive: true })
    await at(first)
    const before = await snapshot(cdp, resolve(OUT_DIR, 'wall-heap-a.heapsnapshot'))
    if (restartAt !== undefined) {
      await at(restartAt)
      log('restarting the server')
      await server.restart()
    }
    await at(minutes)
    const after = await snapshot(cdp, resolve(OUT_DIR, 'wall-heap-b.heapsnapshot'))
    report(before, after)
  } finally {
    for (const close of closers.reverse()) await close().catch((error: unknown) => log(`cleanup: ${String(error)}`))
  }
}

function report(before: string, after: string): void {
  process.stdout.write(heapDiffReport(diffHeaps(before, after)))
}

const { values } = parseArgs({
  options: {
    first: { type: 'string', default: '2' },
    minutes: { type: 'string', default: '8' },
    'restart-at': { type: 'string' },
    compare: { type: 'string', multiple: true },
  },
  allowPositionals: true,
})
const compare = values.compare
if (compare) {
  const [a, b] = [compare[0], compare[1] ?? process.argv.at(-1)]
  report(readFileSync(a!, 'utf8'), readFileSync(b!, 'utf8'))
} else {
  const restartAt = values['restart-at'] === undefined ? undefined : Number(values['restart-at'])
  drive(Number(values.first), Number(values.minutes), restartAt).then(
    () => process.exit(),
    (error: unknown) => {
      log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      process.exit(1)
    },
  )
}
