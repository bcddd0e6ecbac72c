/**
 * A CPU profile of the server under viewer load: the bench server started with `--cpu-prof`, N HTTP LL-HLS
 * viewers for a while, then the top self-time functions of the server's own profile.
 * `node --import tsx scripts/bench/media/profile-server.ts [streams] [seconds] [profile-dir]`
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadCameras } from './bench-cameras.ts'
import { startBenchServer } from './bench-server.ts'
import { HlsViewer } from './hls-viewer.ts'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
}

const streams = Number(process.argv[2] ?? 32)
const seconds = Number(process.argv[3] ?? 30)
const dir = process.argv[4] ?? '/tmp/sharp-eyes-profile'
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Self-time per function (name + file:line), as a share of the busy (not idle) samples. */
export function topSelfTime(profile: Profile, count: number): Array<{ share: number; where: string }> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const hits = new Map<string, number>()
  for (const id of profile.samples) {
    const frame = byId.get(id)!.callFrame
    const file = frame.url.replace(/^.*\/(node_modules|server|scripts)\//, '$1/')
    const where = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`
    hits.set(where, (hits.get(where) ?? 0) + 1)
  }
  const idleKey = [...hits.keys()].find((where) => where.startsWith('(idle) '))
  const idle = idleKey === undefined ? 0 : hits.get(idleKey)!
  if (idleKey !== undefined) hits.delete(idleKey)
  const total = profile.samples.length - idle
  return [...hits]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, n]) => ({ share: n / total, where }))
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const server = await startBenchServer(['--cpu-prof', `--cpu-prof-dir=${dir}`])
  const viewers = loadCameras(streams).map(
    (id) =>
      new HlsViewer({
        base: `${server.url}/live/${id}/main/`,
        cookie: `${server.cookie.name}=${server.cookie.value}`,
        maxDurationMs: (seconds + 120) * 1000,
      }),
  )
  for (const viewer of viewers) viewer.start()
  await sleep(seconds * 1000)
  await Promise.all(viewers.map((v) => v.stop()))
  const requests = viewers.reduce((sum, v) => sum + v.stats.requests, 0)
  const errors = viewers.reduce((sum, v) => sum + v.stats.errors, 0)
  // The profile is written as the server exits, which takes longer than close()'s grace on a busy machine.
  process.kill(server.pid, 'SIGTERM')
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline && isRunning(server.pid)) await sleep(200)
  await server.close()
  console.log(`${streams} streams, ${seconds} s: ${requests} requests, ${errors} errors`)
  const mine = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name))
  for (const file of mine) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
    console.log(`\n${file}: ${profile.samples.length} samples`)
    for (const { share, where } of topSelfTime(profile, 30)) console.log(`${(share * 100).toFixed(1)}%  ${where}`)
  }
}

await main()
