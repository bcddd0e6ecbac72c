import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFleetBackedApp, type FleetBackedApp } from '../cameras/testing/fleet-backed-app.ts'
import type { Incident, IncidentWithTimeline } from '../contracts/incidents.ts'
import { CLIP_BEFORE_MS } from './evidence-capture.ts'
import { TEST_ADMIN_PASSWORD } from '../testing/test-app.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { waitFor } from '../testing/wait-for.ts'

const run = promisify(execFile)
let f: FleetBackedApp
let url: string
let cookie: string
const tmp = makeTempDir('evidence')

beforeAll(async () => {
  f = await startFleetBackedApp({ cameras: 2 })
  url = await f.t.app.listen({ host: '127.0.0.1', port: 0 })
  cookie = await f.t.login('admin', TEST_ADMIN_PASSWORD)
}, 120_000)
afterAll(async () => {
  await f?.close()
  tmp.remove()
})

const get = (path: string) => fetch(`${url}${path}`, { headers: { cookie } })

describe('evidence of a flagged incident', () => {
  it('is created at once; the snapshot and a clip of ~10 s before to ~5 s after follow, cut from memory', async () => {
    // An operator has watched the tile for a while: the stream runs and memory holds the seconds before.
    // Its playlist's first segment says how far back memory reaches (the clip is cut by the same clock).
    const reachesBack = async (): Promise<boolean> => {
      const playlist = await (await get('/live/cam-t002/sub/index.m3u8')).text()
      const oldest = /#EXT-X-PROGRAM-DATE-TIME:(\S+)/.exec(playlist)?.[1]
      return oldest !== undefined && Date.parse(oldest) <= Date.now() - CLIP_BEFORE_MS - 1_000
    }
    await waitFor(reachesBack, 60_000, 'eleven seconds of cam-t002 in memory', 500)
    const response = await fetch(`${url}/api/incidents`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ cameraId: 'cam-t002', category: 'road-flooding', note: '下穿桥积水约20厘米' }),
    })
    expect(response.status).toBe(201)
    const incident = (await response.json()) as Incident
    // Created at once: the answer does not wait for the evidence, which follows in the background.
    expect(incident).toMatchObject({ hasSnapshot: false, hasClip: false })

    // The tile keeps playing meanwhile (so the stream is not idle).
    const full = await waitFor(
      async () => {
        await get('/live/cam-t002/sub/index.m3u8')
        const found = (await (await get(`/api/incidents/${incident.id}`)).json()) as IncidentWithTimeline
        return found.hasSnapshot && found.hasClip ? found : undefined
      },
      30_000,
      'the snapshot and the clip',
      500,
    )
    expect(
      full.timeline
        .filter((e) => e.kind === 'evidence')
        .map((e) => e.text)
        .sort(),
    ).toEqual(['clip', 'snapshot'])

    const jpeg = Buffer.from(await (await get(`/api/incidents/${incident.id}/files/snapshot.jpg`)).arrayBuffer())
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
    const clip = await get(`/api/incidents/${incident.id}/files/clip.mp4`)
    expect(clip.headers.get('content-type')).toBe('video/mp4')
    const file = join(tmp.path, 'clip.mp4')
    writeFileSync(file, Buffer.from(await clip.arrayBuffer()))
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration:stream=codec_name,width',
      '-of',
      'json',
      file,
    ])
    const probe = JSON.parse(stdout) as {
      format: { duration: string }
      streams: { codec_name: string; width: number }[]
    }
    expect(probe.streams[0]).toMatchObject({ codec_name: 'h264', width: 640 })
    const seconds = Number(probe.format.duration)
    // Media time, not wall time: ~10 s before and ~5 s after, to the keyframe and segment boundaries.
    expect(seconds).toBeGreaterThanOrEqual(12)
    expect(seconds).toBeLessThanOrEqual(18)
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
