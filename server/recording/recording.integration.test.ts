/**
 * Recording end to end with real ffmpeg against the simulated fleet and a real SQLite file: a camera
 * records (sharing its live stream), its index shows the ranges, the VOD playlist's byte ranges are
 * whole fMP4 that ffprobe reads, a frame decodes, bad ranges are refused naming the field, and retention
 * deletes old files except what an incident locks. Files are 2 s long here (RECORDING_SEGMENT_S).
 */
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFleetBackedApp, type FleetBackedApp } from '../cameras/testing/fleet-backed-app.ts'
import type { StreamList } from '../contracts/media.ts'
import type { RecordingsAnswer } from '../contracts/recording.ts'
import { recordOnly } from '../testing/recording-rule.ts'
import { TEST_ADMIN_PASSWORD } from '../testing/test-app.ts'
import { waitFor } from '../testing/wait-for.ts'
import { indexFmp4File } from './fmp4-file-index.ts'
import { RecordingsRepository } from './recordings-repository.ts'
import { DAY_MS } from './retention.ts'

const run = promisify(execFile)
let f: FleetBackedApp
let url: string
let admin: string

beforeAll(async () => {
  f = await startFleetBackedApp({
    cameras: 2,
    settings: { RECORDING: 'on', RECORDING_SEGMENT_S: '2', LIVE_IDLE_STOP_S: '2' },
    edit: recordOnly('cam-t001'),
  })
  url = await f.t.app.listen({ host: '127.0.0.1', port: 0 })
  admin = await f.t.login('admin', TEST_ADMIN_PASSWORD)
}, 120_000)
afterAll(async () => {
  await f?.close()
})

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${url}${path}`, { headers: { cookie: admin, ...headers } })
const iso = (ms: number): string => new Date(ms).toISOString()
const root = (): string => join(f.t.settings.dataDir, 'recordings')

async function recordedSeconds(cameraId: string): Promise<RecordingsAnswer> {
  const now = Date.now()
  const response = await get(`/api/cameras/${cameraId}/recordings?from=${iso(now - 600_000)}&to=${iso(now)}`)
  expect(response.status).toBe(200)
  return (await response.json()) as RecordingsAnswer
}
const total = (answer: RecordingsAnswer): number =>
  answer.ranges.reduce((sum, r) => sum + Date.parse(r.end) - Date.parse(r.start), 0)

describe('a camera records while nobody watches it', () => {
  it('keeps its stream running, writes files of about 2 s, and the index shows one range', async () => {
    const answer = await waitFor(
      async () => {
        const a = await recordedSeconds('cam-t001')
        return total(a) >= 6_000 ? a : undefined
      },
      90_000,
      'cam-t001 to have 6 s recorded',
    )
    expect(answer.ranges).toHaveLength(1)
    expect(answer.gaps.length).toBeGreaterThanOrEqual(1) // before the recording started
    expect(answer.reasonCode).toBeNull()
    const streams = (await (await get('/api/streams')).json()) as StreamList
    expect(streams.streams.map((s) => `${s.cameraId}/${s.quality}`)).toContain('cam-t001/sub')
    expect(streams.recordings).toEqual([
      { cameraId: 'cam-t001', quality: 'sub', state: 'recording', rule: 'gate', reasonCode: null, reasonParams: {} },
    ])
    // A camera no rule records has nothing.
    expect((await recordedSeconds('cam-t002')).ranges).toEqual([])
  })

  it('every indexed file is a whole fMP4 of about the segment length, starting at a keyframe', async () => {
    const repository = new RecordingsRepository(f.t.app.db)
    const files = repository.overlapping('cam-t001', 0, Date.now() + 1)
    expect(files.length).toBeGreaterThanOrEqual(2)
    for (const file of files) {
      const index = indexFmp4File(readFileSync(join(root(), file.path)))
      expect(index?.validBytes, file.path).toBe(file.bytes)
      expect(statSync(join(root(), file.path)).size).toBe(file.bytes)
      expect(file.pieces[0]![2]).toBe(1)
      expect(file.endMs - file.startMs).toBeGreaterThanOrEqual(1_500)
      expect(file.endMs - file.startMs).toBeLessThan(6_000)
    }
    expect(files[0]!.path).toMatch(/^cam-t001\/\d{4}-\d{2}-\d{2}\/\d+-sub\.mp4$/)
  })

  it('serves a VOD playlist of byte ranges over the files, which ffprobe reads through', async () => {
    const answer = await recordedSeconds('cam-t001')
    const range = answer.ranges[0]!
    const response = await get(`/playback/cam-t001/index.m3u8?start=${range.start}&end=${range.end}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/mpegurl/)
    const playlist = await response.text()
    for (const tag of ['#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-MAP:URI="r', '#EXT-X-BYTERANGE:', '#EXT-X-ENDLIST'])
      expect(playlist).toContain(tag)
    const first = /#EXT-X-BYTERANGE:(\d+)@(\d+)\n(r\d+\.mp4)/.exec(playlist)!
    const [, length, offset, name] = first
    const part = await get(`/playback/cam-t001/${name}`, {
      range: `bytes=${offset}-${Number(offset) + Number(length) - 1}`,
    })
    expect(part.status).toBe(206)
    const bytes = Buffer.from(await part.arrayBuffer())
    expect(bytes.length).toBe(Number(length))
    expect(bytes.subarray(4, 8).toString()).toBe('moof')
    const { stdout } = await run(
      'ffprobe',
      [
        '-v',
        'error',
        '-headers',
        `Cookie: ${admin}\r\n`,
        '-show_entries',
        'format=duration',
        '-of',
        'csv=p=0',
        `${url}/playback/cam-t001/index.m3u8?start=${range.start}&end=${range.end}`,
      ],
      { timeout: 30_000 },
    )
    expect(Number(stdout.trim())).toBeGreaterThan(3)
  })

  it('gives the keyframe at a recorded moment as a JPEG', async () => {
    const range = (await recordedSeconds('cam-t001')).ranges[0]!
    const middle = iso((Date.parse(range.start) + Date.parse(range.end)) / 2)
    const response = await get(`/api/cameras/cam-t001/frame.jpg?at=${middle}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/jpeg')
    const jpeg = Buffer.from(await response.arrayBuffer())
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
  })

  it('puts every playback in the viewing audit with its range', async () => {
    const rows = f.t.app.db
      .prepare("SELECT camera_id, range_start, range_end FROM viewing_sessions WHERE kind = 'playback'")
      .all() as { camera_id: string; range_start: string; range_end: string }[]
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(rows.every((r) => r.camera_id === 'cam-t001' && r.range_start <= r.range_end)).toBe(true)
  })

  it.each([
    ['a reversed range', 'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
    ['an empty range', 'from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
    ['a range in the future', `from=${iso(Date.now() + DAY_MS)}&to=${iso(Date.now() + 2 * DAY_MS)}`, 'from'],
    ['a range past retention', `from=${iso(Date.now() - 30 * DAY_MS)}&to=${iso(Date.now() - 29 * DAY_MS)}`, 'to'],
    ['an absurd length', `from=${iso(Date.now() - 6 * DAY_MS)}&to=${iso(Date.now() + 60 * DAY_MS)}`, 'to'],
    ['a time that is not ISO 8601', 'from=yesterday&to=2026-01-01T00:00:00Z', 'from'],
    ['a missing end', 'from=2026-01-01T00:00:00Z', 'to'],
  ])('refuses %s with a 400 naming the field', async (_, query, field) => {
    const response = await get(`/api/cameras/cam-t001/recordings?${query}`)
    expect(response.status).toBe(400)
    const body = (await response.json()) as { code: string; params: { field: string } }
    expect(body.code).toBe('request.invalid')
    expect(body.params.field).toBe(field)
  })

  it('answers 404 for an unknown camera, a file of another camera, and a range with nothing recorded', async () => {
    const now = Date.now()
    const unknown = await get(`/playback/cam-nope/index.m3u8?start=${iso(now - 60_000)}&end=${iso(now)}`)
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { code: string }).code).toBe('camera.unknown')
    const nothing = await get(`/playback/cam-t002/index.m3u8?start=${iso(now - 60_000)}&end=${iso(now)}`)
    expect(((await nothing.json()) as { code: string }).code).toBe('playback.nothing-recorded')
    const playlist = await (
      await get(`/playback/cam-t001/index.m3u8?start=${iso(now - 600_000)}&end=${iso(now)}`)
    ).text()
    const name = /(r\d+\.mp4)/.exec(playlist)![1]!
    expect((await get(`/playback/cam-t002/${name}`)).status).toBe(404)
    expect((await get('/playback/cam-t001/r99999999.mp4')).status).toBe(404)
    expect((await get('/playback/cam-t001/..%2F..%2Fconsole.db')).status).toBe(404)
  })
})

describe('retention', () => {
  it('deletes files past retention, except those an open incident locks', async () => {
    const repository = new RecordingsRepository(f.t.app.db)
    const [source] = repository.overlapping('cam-t001', 0, Date.now())
    // Three copies of a real file, dated 8 days back (retention is 7).
    const old = [0, 1, 2].map((i) => {
      const startMs = Date.now() - 8 * DAY_MS + i * 10_000
      const path = `cam-t001/${iso(startMs).slice(0, 10)}/${startMs}-sub.mp4`
      mkdirSync(dirname(join(root(), path)), { recursive: true })
      copyFileSync(join(root(), source!.path), join(root(), path))
      repository.insert({ ...source!, startMs, endMs: startMs + 2_000, path, state: 'complete' })
      return { startMs, path }
    })
    repository.lock({
      incidentId: 999_999,
      cameraId: 'cam-t001',
      fromMs: old[1]!.startMs + 500,
      toMs: old[1]!.startMs + 900,
    })
    await f.t.app.recording.sweep()
    expect(old.map((o) => existsSync(join(root(), o.path)))).toEqual([false, true, false])
    const kept = repository.overlapping('cam-t001', old[0]!.startMs, old[2]!.startMs + 2_000).map((r) => r.path)
    expect(kept).toEqual([old[1]!.path])
    repository.unlock(999_999)
    await f.t.app.recording.sweep()
    expect(existsSync(join(root(), old[1]!.path))).toBe(false)
  })

  it('an incident flagged on a camera locks the ten minutes around the flag until archived', async () => {
    const response = await f.t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { cookie: admin, 'idempotency-key': 'recording-lock-test-0001' },
      payload: { cameraId: 'cam-t001', category: 'vehicle-scrape', note: 'lock test' },
    })
    expect(response.statusCode, response.body).toBe(201)
    const id = (response.json() as { id: number }).id
    const locks = new RecordingsRepository(f.t.app.db).locks().filter((l) => l.incidentId === id)
    expect(locks).toHaveLength(1)
    expect(locks[0]!.toMs - locks[0]!.fromMs).toBe(600_000)
    expect(locks[0]!.cameraId).toBe('cam-t001')
  })
})

describe('the recordings directory', () => {
  it('holds no .part file besides the one being written', () => {
    const parts: string[] = []
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true }))
        if (entry.isDirectory()) walk(join(dir, entry.name))
        else if (entry.name.endsWith('.part')) parts.push(entry.name)
    }
    walk(root())
    expect(parts.length).toBeLessThanOrEqual(1)
  })
})
