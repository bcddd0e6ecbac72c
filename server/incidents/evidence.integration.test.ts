import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFleetBackedApp, type FleetBackedApp } from '../cameras/testing/fleet-backed-app.ts'
import type { Incident, IncidentWithTimeline } from '../contracts/incidents.ts'
import { CLIP_BEFORE_MS } from './evidence-capture.ts'
import { probeMp4, topLevelBoxes, type Mp4Probe } from '../media/mp4/testing/mp4-checks.ts'
import { TEST_ADMIN_PASSWORD } from '../testing/test-app.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { waitFor } from '../testing/wait-for.ts'

const run = promisify(execFile)
let f: FleetBackedApp
let url: string
let cookie: string
const tmp = makeTempDir('evidence')

beforeAll(async () => {
  f = await startFleetBackedApp({ cameras: 3 })
  url = await f.t.app.listen({ host: '127.0.0.1', port: 0 })
  cookie = await f.t.login('admin', TEST_ADMIN_PASSWORD)
}, 120_000)
afterAll(async () => {
  await f?.close()
  tmp.remove()
})

const get = (path: string) => fetch(`${url}${path}`, { headers: { cookie } })

/** Flags an incident on a camera whose `quality` stream has run long enough to hold the seconds before. */
async function flagWhileWatching(cameraId: string, quality: 'main' | 'sub'): Promise<IncidentWithTimeline> {
  // An operator has watched the tile for a while: the stream runs and memory holds the seconds before.
  // Its playlist's first segment says how far back memory reaches (the clip is cut by the same clock).
  const playlist = `/live/${cameraId}/${quality}/index.m3u8`
  const reachesBack = async (): Promise<boolean> => {
    const text = await (await get(playlist)).text()
    const oldest = /#EXT-X-PROGRAM-DATE-TIME:(\S+)/.exec(text)?.[1]
    return oldest !== undefined && Date.parse(oldest) <= Date.now() - CLIP_BEFORE_MS - 1_000
  }
  await waitFor(reachesBack, 60_000, `eleven seconds of ${cameraId} ${quality} in memory`, 500)
  // The tile keeps playing meanwhile (so the stream is not idle).
  return flag(cameraId, () => get(playlist))
}

async function flag(cameraId: string, meanwhile: () => Promise<unknown> = async () => {}) {
  const response = await fetch(`${url}/api/incidents`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ cameraId, category: 'road-flooding', note: '下穿桥积水约20厘米' }),
  })
  expect(response.status).toBe(201)
  const incident = (await response.json()) as Incident
  // Created at once: the answer does not wait for the evidence, which follows in the background.
  expect(incident).toMatchObject({ hasSnapshot: false, hasClip: false })
  return waitFor(
    async () => {
      await meanwhile()
      const found = (await (await get(`/api/incidents/${incident.id}`)).json()) as IncidentWithTimeline
      return found.hasSnapshot && found.hasClip ? found : undefined
    },
    60_000,
    'the snapshot and the clip',
    500,
  )
}

/** The stored clip, checked as a browser needs it to scrub: ftyp, moov before mdat, timestamps from 0. */
async function storedClip(
  incident: IncidentWithTimeline,
  name: string,
  // Media time, not wall time: ~10 s before and ~5 s after, to the keyframe and segment boundaries.
  seconds = { min: 12, max: 18 },
): Promise<Mp4Probe> {
  const clip = await get(`/api/incidents/${incident.id}/files/clip.mp4`)
  expect(clip.status).toBe(200)
  expect(clip.headers.get('content-type')).toBe('video/mp4')
  expect(clip.headers.get('accept-ranges')).toBe('bytes')
  const bytes = Buffer.from(await clip.arrayBuffer())
  const boxes = topLevelBoxes(bytes)
  expect(boxes[0]).toBe('ftyp')
  expect(boxes.indexOf('moov')).toBeGreaterThan(0)
  expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'))
  const file = join(tmp.path, name)
  writeFileSync(file, bytes)
  const probe = await probeMp4(file)
  expect(probe.startTime).toBe(0)
  expect(probe.codec).toBe('h264')
  expect(probe.duration).toBeGreaterThanOrEqual(seconds.min)
  expect(probe.duration).toBeLessThanOrEqual(seconds.max)
  return probe
}

async function jpegWidth(incident: IncidentWithTimeline, name: string): Promise<number> {
  const jpeg = Buffer.from(await (await get(`/api/incidents/${incident.id}/files/snapshot.jpg`)).arrayBuffer())
  expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
  const file = join(tmp.path, name)
  writeFileSync(file, jpeg)
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=width', '-of', 'csv=p=0', file])
  return Number(stdout.trim())
}

describe('evidence of a flagged incident', () => {
  // The two clips of watched tiles run side by side, each on its own camera: most of each is real seconds
  // passing (the ten before the flag, the five after it), which need not be waited out one after the other.
  // The clip of an unwatched camera comes after them: its main stream starts at the flag, and its length
  // depends on how soon, so it does not start alongside two other streams on a loaded machine.
  it.concurrent(
    'from a 9-split (sub only): the clip is the sub stream before and after, progressive MP4 from 0',
    async () => {
      const incident = await flagWhileWatching('cam-t002', 'sub')
      expect(
        incident.timeline
          .filter((e) => e.kind === 'evidence')
          .map((e) => e.text)
          .sort(),
      ).toEqual(['clip', 'snapshot'])
      const clipEntry = incident.timeline.find((e) => e.kind === 'evidence' && e.text === 'clip')
      expect(clipEntry?.data).toMatchObject({ file: 'clip.mp4', quality: 'sub' })
      // One resolution throughout: the seconds before exist only in the sub stream's memory.
      expect((await storedClip(incident, 'sub-clip.mp4')).width).toBe(640)
      expect([640, 1280]).toContain(await jpegWidth(incident, 'sub-snapshot.jpg'))
    },
    120_000,
  )

  it.concurrent(
    'from a maximised tile (main running): clip and snapshot from the main stream, served by range',
    async () => {
      const incident = await flagWhileWatching('cam-t001', 'main')
      const clipEntry = incident.timeline.find((e) => e.kind === 'evidence' && e.text === 'clip')
      expect(clipEntry?.data).toMatchObject({ file: 'clip.mp4', quality: 'main' })
      expect(await storedClip(incident, 'main-clip.mp4')).toMatchObject({ width: 1280, height: 720 })
      expect(await jpegWidth(incident, 'main-snapshot.jpg')).toBe(1280)

      const whole = await get(`/api/incidents/${incident.id}/files/clip.mp4`)
      const size = Number(whole.headers.get('content-length'))
      await whole.arrayBuffer()
      const ranged = (range: string, method = 'GET') =>
        fetch(`${url}/api/incidents/${incident.id}/files/clip.mp4`, { method, headers: { cookie, range } })
      const first = await ranged('bytes=0-99')
      expect(first.status).toBe(206)
      expect(first.headers.get('content-range')).toBe(`bytes 0-99/${size}`)
      expect(
        Buffer.from(await first.arrayBuffer())
          .subarray(4, 8)
          .toString(),
      ).toBe('ftyp')
      const tail = await ranged(`bytes=${size - 10}-`)
      expect(tail.status).toBe(206)
      expect((await tail.arrayBuffer()).byteLength).toBe(10)
      expect((await ranged('bytes=-10')).status).toBe(206)
      const beyond = await ranged(`bytes=${size}-`)
      expect(beyond.status).toBe(416)
      expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`)
      const head = await ranged('bytes=0-99', 'HEAD')
      expect([head.status, head.headers.get('content-length')]).toEqual([206, '100'])
    },
    120_000,
  )

  it('from a camera nobody watched: main is started at the flag, the clip is its seconds after', async () => {
    const incident = await flag('cam-t003')
    const clipEntry = incident.timeline.find((e) => e.kind === 'evidence' && e.text === 'clip')
    expect(clipEntry?.data).toMatchObject({ file: 'clip.mp4', quality: 'main' })
    // From main's first keyframe after the flag to ~5 s after it: how much of those 5 s depends on how soon
    // main starts, which on a loaded machine can take seconds, so at least one segment (a 1 s GOP).
    const probe = await storedClip(incident, 'after-clip.mp4', { min: 0.5, max: 9 })
    expect(probe.width).toBe(1280)
    // Main's keyframe, or the camera's own snapshot (an ONVIF camera of the fleet: full resolution too).
    expect(await jpegWidth(incident, 'after-snapshot.jpg')).toBe(1280)
  }, 120_000)

  it('refuses names that are not its own files, and departments it was not sent to', async () => {
    const incident = (await (
      await fetch(`${url}/api/incidents`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ cameraId: 'cam-t001', category: 'vehicle-scrape' }),
      })
    ).json()) as Incident
    for (const name of ['..%2F..%2Fconsole.db', 'passwd', 'clip.mp4.part'])
      expect((await get(`/api/incidents/${incident.id}/files/${name}`)).status, name).toBe(404)
    await f.t.app.accounts.add({
      username: 'env2',
      role: 'department',
      department: 'environment',
      password: 'environment-pw',
    })
    const env = await f.t.login('env2', 'environment-pw')
    expect(
      (await fetch(`${url}/api/incidents/${incident.id}/files/snapshot.jpg`, { headers: { cookie: env } })).status,
    ).toBe(404)
  })

  it('a department posts a photo with its progress; a body that is not an image is refused', async () => {
    const incident = (await (
      await fetch(`${url}/api/incidents`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ cameraId: 'cam-t001', category: 'street-vendor' }),
      })
    ).json()) as Incident
    const post = (body: Buffer, type: string) =>
      fetch(`${url}/api/incidents/${incident.id}/photos`, {
        method: 'POST',
        headers: { cookie, 'content-type': type },
        body: new Uint8Array(body),
      })
    const jpeg = Buffer.from(await (await get('/api/cameras/cam-t001/snapshot.jpg')).arrayBuffer())
    expect((await post(jpeg, 'image/jpeg')).status).toBe(200)
    expect((await post(Buffer.from('not an image'), 'image/jpeg')).status).toBe(400)
    const full = (await (await get(`/api/incidents/${incident.id}`)).json()) as IncidentWithTimeline
    expect(full.photos).toBe(1)
    expect((await get(`/api/incidents/${incident.id}/files/photo-1.jpg`)).status).toBe(200)
  })
})
