/**
 * Exports as evidence, end to end with real ffmpeg against the simulated fleet and a real SQLite file: a
 * recorded range over several files becomes an incident's progressive MP4 (moov before mdat, from 0, the
 * range's length), its SHA-256 on the timeline equals the file's, it is served with Range, bad ranges and
 * the limits are refused naming the field or the limit, and a flag on the recorded camera gets a clip of
 * the seconds before from the recording. Files are 2 s long here (RECORDING_SEGMENT_S); the flag's clip
 * reaches 15 s back (RECORDED_CLIP_BEFORE_S: a minute in production), which is more than memory's 10 s,
 * so its length tells which of the two it came from.
 */
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFleetBackedApp, type FleetBackedApp } from '../cameras/testing/fleet-backed-app.ts'
import type { Incident, IncidentWithTimeline } from '../contracts/incidents.ts'
import type { ExportAnswer, RecordingsAnswer } from '../contracts/recording.ts'
import { probeMp4, topLevelBoxes } from '../media/mp4/testing/mp4-checks.ts'
import { recordOnly } from '../testing/recording-rule.ts'
import { TEST_ADMIN_PASSWORD } from '../testing/test-app.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { waitFor } from '../testing/wait-for.ts'
import { RecordingsRepository } from './recordings-repository.ts'

/** The flag's clip from the recording reaches this far back (memory's would reach 10 s). */
const CLIP_BEFORE_S = 15
let f: FleetBackedApp
let url: string
let admin: string
const tmp = makeTempDir('export')

beforeAll(async () => {
  f = await startFleetBackedApp({
    cameras: 3,
    settings: {
      RECORDING: 'on',
      RECORDING_SEGMENT_S: '2',
      LIVE_IDLE_STOP_S: '2',
      EXPORT_MAX_MB: '1',
      RECORDED_CLIP_BEFORE_S: String(CLIP_BEFORE_S),
    },
    edit: (config) => {
      recordOnly('cam-t001')(config)
      // For the size limit: cam-t003's main stream (~80 KiB/s) passes 1 MiB within ~15 s; the sub stream
      // recorded for everything else (~30 KiB/s) would take ~40 s.
      config.recording!.rules.push({
        id: 'size',
        cameras: ['cam-t003'],
        quality: 'main',
        schedule: 'always',
        retentionDays: 7,
      })
    },
  })
  url = await f.t.app.listen({ host: '127.0.0.1', port: 0 })
  admin = await f.t.login('admin', TEST_ADMIN_PASSWORD)
}, 120_000)
afterAll(async () => {
  await f?.close()
  tmp.remove()
})

const iso = (ms: number): string => new Date(ms).toISOString()
const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${url}${path}`, { headers: { cookie: admin, ...headers } })
const post = (path: string, body: unknown, cookie = admin): Promise<Response> =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
const exportRange = (body: Record<string, unknown>, camera = 'cam-t001') => post(`/api/cameras/${camera}/exports`, body)

/** The first recorded moment of the camera once it has `seconds` recorded in one range. */
async function recordedFor(seconds: number, camera = 'cam-t001'): Promise<{ startMs: number; endMs: number }> {
  return waitFor(
    async () => {
      const now = Date.now()
      const response = await get(`/api/cameras/${camera}/recordings?from=${iso(now - 600_000)}&to=${iso(now)}`)
      const range = ((await response.json()) as RecordingsAnswer).ranges.at(-1)
      if (!range) return undefined
      const span = { startMs: Date.parse(range.start), endMs: Date.parse(range.end) }
      return span.endMs - span.startMs >= seconds * 1000 ? span : undefined
    },
    seconds * 1000 + 90_000,
    `${camera} to have ${seconds} s recorded`,
    500,
  )
}

async function newIncident(cameraId = 'cam-t001'): Promise<Incident> {
  const response = await post('/api/incidents', { cameraId, category: 'road-flooding' })
  expect(response.status).toBe(201)
  return (await response.json()) as Incident
}

const incidentOf = async (id: number): Promise<IncidentWithTimeline> =>
  (await (await get(`/api/incidents/${id}`)).json()) as IncidentWithTimeline

interface Problem {
  code: string
  message: string
  params: Record<string, unknown>
}

async function problem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status)
  return (await response.json()) as Problem
}

describe('exporting a recorded range as evidence', () => {
  let incident: Incident

  it('attaches a progressive MP4 of the range (over several files) with its SHA-256 on the timeline', async () => {
    const recorded = await recordedFor(10)
    incident = await newIncident()
    // 6 s in the middle: over at least two 2 s files.
    const startMs = recorded.startMs + 2_500
    const endMs = startMs + 6_000
    const response = await exportRange({ start: iso(startMs), end: iso(endMs), incidentId: incident.id })
    expect(response.status).toBe(201)
    const answer = (await response.json()) as ExportAnswer
    expect(answer).toMatchObject({ incidentId: incident.id, cameraId: 'cam-t001', file: 'export-1.mp4', gaps: [] })
    // From the keyframe at or before the start (a GOP at most before it) to the end of the piece holding the end.
    expect(Date.parse(answer.start)).toBeLessThanOrEqual(startMs)
    expect(Date.parse(answer.start)).toBeGreaterThan(startMs - 3_000)
    expect(Date.parse(answer.end)).toBeGreaterThanOrEqual(endMs - 100)

    const file = await get(`/api/incidents/${incident.id}/files/export-1.mp4`)
    expect(file.status).toBe(200)
    expect(file.headers.get('accept-ranges')).toBe('bytes')
    const bytes = Buffer.from(await file.arrayBuffer())
    expect(bytes.length).toBe(answer.bytes)
    const boxes = topLevelBoxes(bytes)
    expect(boxes.indexOf('moov')).toBeGreaterThan(0)
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'))
    const path = join(tmp.path, 'export-1.mp4')
    writeFileSync(path, bytes)
    const probe = await probeMp4(path)
    expect(probe.startTime).toBe(0)
    expect(probe.duration).toBeGreaterThanOrEqual(5.5)
    expect(probe.duration).toBeLessThanOrEqual(answer.seconds + 0.5)

    const sha256 = createHash('sha256').update(bytes).digest('hex')
    expect(answer.sha256).toBe(sha256)
    const entry = (await incidentOf(incident.id)).timeline.find((e) => e.kind === 'evidence' && e.text === 'export')
    expect(entry).toMatchObject({ actor: 'admin', data: { file: 'export-1.mp4', cameraId: 'cam-t001', sha256 } })
    expect(entry?.data).toMatchObject({ start: answer.start, end: answer.end })

    const partial = await get(`/api/incidents/${incident.id}/files/export-1.mp4`, { range: 'bytes=0-99' })
    expect(partial.status).toBe(206)
    expect(partial.headers.get('content-range')).toBe(`bytes 0-99/${bytes.length}`)
    expect(Buffer.from(await partial.arrayBuffer())).toEqual(bytes.subarray(0, 100))

    // The range is locked from retention while the incident is open.
    const locks = new RecordingsRepository(f.t.app.db).locks().filter((l) => l.incidentId === incident.id)
    expect(locks).toHaveLength(1)
    expect(locks[0]!.fromMs).toBeLessThanOrEqual(startMs)
  }, 180_000)

  it('a second export of the same incident is export-2.mp4; a range reaching into the open file is whole', async () => {
    const now = Date.now()
    const response = await exportRange({ start: iso(now - 3_000), end: iso(now), incidentId: incident.id })
    expect(response.status).toBe(201)
    const answer = (await response.json()) as ExportAnswer
    expect(answer.file).toBe('export-2.mp4')
    const path = join(tmp.path, 'export-2.mp4')
    writeFileSync(
      path,
      Buffer.from(await (await get(`/api/incidents/${incident.id}/files/export-2.mp4`)).arrayBuffer()),
    )
    expect((await probeMp4(path)).startTime).toBe(0)
  }, 60_000)

  it.each<[string, Record<string, unknown>, number, string]>([
    ['a reversed range', { start: '2026-12-03T10:00:10Z', end: '2026-12-03T10:00:00Z' }, 400, 'end'],
    ['an empty range', { start: '2026-12-03T10:00:00Z', end: '2026-12-03T10:00:00Z' }, 400, 'end'],
    ['a start that is no time', { start: 'yesterday', end: '2026-12-03T10:00:00Z' }, 400, 'start'],
    ['a range in the future', { start: iso(Date.now() + 3_600_000), end: iso(Date.now() + 3_660_000) }, 400, 'start'],
    ['a range past retention', { start: '2020-01-01T00:00:00Z', end: '2020-01-01T00:10:00Z' }, 400, 'end'],
  ])('%s is refused naming the field', async (_name, range, status, field) => {
    const body = await problem(await exportRange({ ...range, incidentId: incident.id }), status)
    expect(body.code).toBe('request.invalid')
    expect(body.params.field).toBe(field)
  })

  it('a range longer than 30 minutes is refused naming the limit', async () => {
    const now = Date.now()
    const body = await problem(
      await exportRange({ start: iso(now - 40 * 60_000), end: iso(now), incidentId: incident.id }),
      400,
    )
    expect(body).toMatchObject({ code: 'export.too-long', params: { field: 'end', maxMinutes: 30 } })
  })

  it('an unknown camera or incident is 404; a camera with nothing recorded is 404; a body field missing is 400', async () => {
    const now = Date.now()
    const range = { start: iso(now - 5_000), end: iso(now), incidentId: incident.id }
    expect((await problem(await exportRange(range, 'cam-nope'), 404)).code).toBe('camera.unknown')
    expect((await problem(await exportRange({ ...range, incidentId: 999_999 }), 404)).code).toBe('incident.unknown')
    expect((await problem(await exportRange(range, 'cam-t002'), 404)).code).toBe('playback.nothing-recorded')
    expect((await problem(await exportRange({ start: range.start, end: range.end }), 400)).message).toMatch(
      /incidentId/,
    )
  })

  it('a flag on the recorded camera gets a clip of the seconds before from the recording', async () => {
    await recordedFor(CLIP_BEFORE_S + 3)
    const flagged = await newIncident()
    const withClip = await waitFor(
      async () => {
        const found = await incidentOf(flagged.id)
        return found.hasClip ? found : undefined
      },
      90_000,
      'the clip from the recording',
      500,
    )
    const entry = withClip.timeline.find((e) => e.kind === 'evidence' && e.text === 'clip')
    expect(entry?.data).toMatchObject({ file: 'clip.mp4', quality: 'sub', source: 'recording' })
    const path = join(tmp.path, 'flag-clip.mp4')
    const bytes = Buffer.from(await (await get(`/api/incidents/${flagged.id}/files/clip.mp4`)).arrayBuffer())
    writeFileSync(path, bytes)
    const boxes = topLevelBoxes(bytes)
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'))
    const probe = await probeMp4(path)
    expect(probe.startTime).toBe(0)
    // 15 s before the flag (from the keyframe at or before it) and ~5 s after: memory's would be ~15 s.
    expect(probe.duration).toBeGreaterThanOrEqual(CLIP_BEFORE_S + 3)
    expect(probe.duration).toBeLessThanOrEqual(CLIP_BEFORE_S + 10)
  }, 240_000)

  it('an export larger than EXPORT_MAX_MB is refused with 413 naming the limit', async () => {
    const repository = new RecordingsRepository(f.t.app.db)
    const recorded = await waitFor(
      async () => {
        const span = await recordedFor(1, 'cam-t003')
        const files = repository.overlapping('cam-t003', span.startMs, span.endMs)
        return files.reduce((sum, file) => sum + file.bytes, 0) > 1.2 * 1024 * 1024 ? span : undefined
      },
      120_000,
      'more than 1 MiB of cam-t003 recorded',
      500,
    )
    const body = await problem(
      await exportRange(
        { start: iso(recorded.startMs), end: iso(recorded.endMs), incidentId: incident.id },
        'cam-t003',
      ),
      413,
    )
    expect(body).toMatchObject({ code: 'export.too-large', params: { maxMegabytes: 1 } })
  }, 120_000)
})
