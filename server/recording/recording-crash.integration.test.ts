/**
 * kill -9 during a write: the real server records in a child process, is SIGKILLed (by its PID) while a
 * file is half-written, and started again on the same data directory. The index must then agree with the
 * files, no `.part` is left, and everything the playlist lists decodes: no broken segment is ever served.
 */
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { startFleet, type RunningFleet } from '../../fixtures/fleet/fleet.ts'
import { fleetSpecFromConfig } from '../../fixtures/fleet/fleet-spec-from-config.ts'
import { mediaDir } from '../../fixtures/fleet/testing/fleet-test-helpers.ts'
import { loadCameraConfig } from '../config/load-camera-config.ts'
import type { RecordingsAnswer } from '../contracts/recording.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { freePort, writeTestCameraConfig } from '../testing/test-camera-config.ts'
import { startTestServer, type TestServer } from '../testing/test-server.ts'
import { waitFor } from '../testing/wait-for.ts'
import { indexFmp4File } from './fmp4-file-index.ts'

const run = promisify(execFile)
const configDir = makeTempDir('recording-crash-config')
const dataDir = makeTempDir('recording-crash-data')
let fleet: RunningFleet
let server: TestServer | undefined

/** Every file under recordings/, relative, with its size. */
function filesOnDisk(): { path: string; size: number }[] {
  const root = join(dataDir.path, 'recordings')
  const out: { path: string; size: number }[] = []
  const walk = (dir: string): void => {
    let entries
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries)
      if (entry.isDirectory()) walk(join(dir, entry.name))
      else out.push({ path: join(dir, entry.name), size: statSync(join(root, dir, entry.name)).size })
  }
  walk('')
  return out
}

beforeAll(async () => {
  const ports = { rtspPort: await freePort(), httpPort: await freePort() }
  writeTestCameraConfig(configDir.path, ports, 1)
  writeFileSync(
    join(configDir.path, 'recording.yaml'),
    stringify({
      recording: {
        quota: '1GiB',
        rules: [{ id: 'all', cameras: ['cam-t001'], quality: 'sub', schedule: 'always', retentionDays: 7 }],
      },
    }),
  )
  const spec = fleetSpecFromConfig(loadCameraConfig(configDir.path, {}), mediaDir, {})
  fleet = await startFleet(spec!, { idleGraceMs: 300 })
}, 120_000)
afterAll(async () => {
  await server?.close()
  await fleet?.close()
  configDir.remove()
  dataDir.remove()
})

describe('a recording server killed with SIGKILL mid-write', () => {
  // The timeout is a ceiling for two server starts and a recording on a loaded machine, not a speed limit.
  it('restarts with the index and the files in agreement, and serves nothing broken', async () => {
    const env = { RECORDING: 'on', RECORDING_SEGMENT_S: '2', ADMIN_PASSWORD: 'crash-test-admin-password' }
    server = await startTestServer({ cameraConfigDir: configDir.path, dataDir: dataDir.path, env })
    // Two whole files, and a third being written with some fragments in it.
    await waitFor(
      () => {
        const files = filesOnDisk()
        return (
          files.filter((f) => f.path.endsWith('.mp4')).length >= 2 &&
          files.some((f) => f.path.endsWith('.part') && f.size > 20_000)
        )
      },
      90_000,
      'two closed files and one half-written',
    )
    process.kill(server.pid, 'SIGKILL')
    await server.close()
    const before = filesOnDisk()
    expect(before.some((f) => f.path.endsWith('.part'))).toBe(true)

    // Recording off on the second start: what is checked is what the reconciliation left.
    server = await startTestServer({
      cameraConfigDir: configDir.path,
      dataDir: dataDir.path,
      env: { ...env, RECORDING: 'off' },
    })
    const after = filesOnDisk()
    expect(after.filter((f) => f.path.endsWith('.part'))).toEqual([])
    const db = new Database(join(dataDir.path, 'console.db'), { readonly: true })
    const rows = db.prepare('SELECT path, bytes, state FROM recordings ORDER BY start_ms').all() as {
      path: string
      bytes: number
      state: string
    }[]
    db.close()
    expect(rows.map((r) => r.path).sort()).toEqual(after.map((f) => f.path).sort())
    expect(rows.some((r) => r.state === 'repaired')).toBe(true)
    for (const row of rows) {
      const bytes = readFileSync(join(dataDir.path, 'recordings', row.path))
      expect(bytes.length, row.path).toBe(row.bytes)
      expect(indexFmp4File(bytes)?.validBytes, row.path).toBe(bytes.length)
    }

    const cookie = await server.login()
    const now = Date.now()
    const from = new Date(now - 600_000).toISOString()
    const to = new Date(now).toISOString()
    const answer = (await (
      await fetch(`${server.url}/api/cameras/cam-t001/recordings?from=${from}&to=${to}`, { headers: { cookie } })
    ).json()) as RecordingsAnswer
    expect(answer.ranges.length).toBeGreaterThanOrEqual(1)
    // ffmpeg decodes every listed fragment of the whole playlist without one error.
    const { stderr } = await run(
      'ffmpeg',
      [
        '-v',
        'error',
        '-headers',
        `Cookie: ${cookie}\r\n`,
        '-i',
        `${server.url}/playback/cam-t001/index.m3u8?start=${from}&end=${to}`,
        '-f',
        'null',
        '-',
      ],
      { timeout: 60_000 },
    )
    expect(stderr.trim()).toBe('')
  }, 300_000)
})
