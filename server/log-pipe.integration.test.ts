/**
 * The server behind a log collector that stalls or dies: the real server process with stdout and stderr as
 * pipes whose reader stops reading or goes away must keep answering and still stop on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeArgsFor } from './process/node-entry.ts'
import { makeTempDir } from './testing/temp-dir.ts'
import { SHIPPED_CONFIG_DIR } from './testing/test-app.ts'
import { waitFor, waitUntil } from './testing/wait-for.ts'

const ROOT = join(import.meta.dirname, '..')
const BANNER = /Sharp Eyes console: (http:\/\/\S+?)\/? /
// Ceilings for a stuck server, not speed limits: a busy 2-core machine takes a while to start or stop one.
const START_CEILING_MS = 90_000
const EXIT_CEILING_MS = 45_000
// Each request logs its path: 300 lines of 8 KiB are far more than a socket buffer and the server's own
// limit for unread log lines, so the server both meets a full pipe and has to drop lines. Digits: the log's
// URL-credential mask backtracks over long runs of letters.
const PADDING = '0'.repeat(8 * 1024)
const PADDED_REQUESTS = 300

interface PipedServer {
  child: ChildProcess
  url: string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Everything read from stdout and stderr while the test was reading. */
  output(): string
  stopReading(): void
  resumeReading(): void
  /** Closes the read ends: the next write the server makes meets EPIPE. */
  goAway(): void
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startPipedServer(): Promise<PipedServer> {
  const data = makeTempDir('log-pipe')
  const child = spawn(process.execPath, nodeArgsFor('server/main.ts'), {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: data.path,
      ADMIN_PASSWORD: 'log-pipe-admin-1',
      CAMERA_CONFIG: SHIPPED_CONFIG_DIR,
      SIMULATED_FLEET: 'off',
      // No camera checks: their occasional short lines would get out past held lines that a request's would not.
      CAMERA_HEALTH_INTERVAL_S: '0',
      CASE_SYSTEM: 'off',
      RECORDING: 'off',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  cleanups.push(async () => {
    // Ends exactly the process this test started, by its PID, whatever state the test left it in.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
    data.remove()
  })
  let output = ''
  const collect = (chunk: Buffer): void => {
    output += chunk.toString()
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const match = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`)
      return BANNER.exec(output)
    },
    START_CEILING_MS,
    'the server banner',
  )
  return {
    child,
    url: match[1]!,
    exited,
    output: () => output,
    stopReading() {
      child.stdout!.pause()
      child.stderr!.pause()
    },
    resumeReading() {
      child.stdout!.resume()
      child.stderr!.resume()
    },
    goAway() {
      child.stdout!.destroy()
      child.stderr!.destroy()
    },
  }
}

async function logPaddedRequests(url: string): Promise<void> {
  for (let i = 0; i < PADDED_REQUESTS; i++) await fetch(`${url}/api/no-such-route-${PADDING}`)
}

async function answersHealth(url: string): Promise<void> {
  const health = await waitFor(
    async () => (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) })).status === 200,
    EXIT_CEILING_MS,
    '/api/health to answer 200',
  )
  expect(health).toBe(true)
}

async function exitsWithin(server: PipedServer): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const gone = await waitUntil(
    () => server.child.exitCode !== null || server.child.signalCode !== null,
    EXIT_CEILING_MS,
  )
  expect(gone, 'the server exited after SIGTERM').toBe(true)
  return server.exited
}

describe('the server with a log reader that stalls or goes away', { timeout: 240_000 }, () => {
  it('keeps answering while nobody reads its log, drops and counts the lines it cannot hold, and exits 0 on SIGTERM', async () => {
    const server = await startPipedServer()
    server.stopReading()
    await logPaddedRequests(server.url)
    await answersHealth(server.url)

    // Reading again: the next line tells the reader how many lines it missed. The next lines are as long as
    // those that filled the held 1 MiB, so none of them fits beside it: the held lines must go out first.
    server.resumeReading()
    await waitFor(
      async () => {
        await fetch(`${server.url}/api/no-such-route-${PADDING}`)
        return /"droppedLines":[1-9]\d*/.test(server.output())
      },
      EXIT_CEILING_MS,
      'the count of dropped log lines',
    )

    server.stopReading()
    await logPaddedRequests(server.url)
    server.child.kill('SIGTERM')
    expect(await exitsWithin(server)).toEqual({ code: 0, signal: null })
  })

  it('exits on a second signal while its log reader is stalled', async () => {
    const server = await startPipedServer()
    server.stopReading()
    await logPaddedRequests(server.url)
    server.child.kill('SIGINT')
    server.child.kill('SIGTERM')
    const { signal } = await exitsWithin(server)
    expect(signal).toBeNull()
  })

  it('keeps answering after its log reader went away, and exits 0 on SIGTERM', async () => {
    const server = await startPipedServer()
    server.goAway()
    await answersHealth(server.url)
    await logPaddedRequests(server.url)
    await answersHealth(server.url)
    server.child.kill('SIGTERM')
    expect(await exitsWithin(server)).toEqual({ code: 0, signal: null })
  })

  it('exits 0 on SIGTERM when its log reader went away just before', async () => {
    const server = await startPipedServer()
    server.goAway()
    server.child.kill('SIGTERM')
    expect(await exitsWithin(server)).toEqual({ code: 0, signal: null })
  })
})
