/**
 * The minute being written plays back, end to end with real ffmpeg against the simulated fleet and a real
 * SQLite file. Files are a minute long here (the default RECORDING_SEGMENT_S), so for the whole test the
 * recording is one open file the index does not hold yet: its range is listed, "now - 10 s" gets a VOD
 * playlist over its complete fragments that ffmpeg decodes through, a frame decodes from it, and a
 * playlist read while it was open still plays once the file has closed under its final name.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFleetBackedApp, type FleetBackedApp } from '../cameras/testing/fleet-backed-app.ts'
import type { RecordingsAnswer } from '../contracts/recording.ts'
import { recordOnly } from '../testing/recording-rule.ts'
import { TEST_ADMIN_PASSWORD } from '../testing/test-app.ts'
import { waitFor } from '../testing/wait-for.ts'
import { RecordingsRepository } from './recordings-repository.ts'

const run = promisify(execFile)
let f: FleetBackedApp
let url: string
let admin: string

beforeAll(async () => {
  f = await startFleetBackedApp({
    cameras: 1,
    settings: { RECORDING: 'on', RECORDING_SEGMENT_S: '60' },
    edit: recordOnly('cam-t001'),
  })
  url = await f.t.app.listen({ host: '127.0.0.1', port: 0 })
  admin = await f.t.login('admin', TEST_ADMIN_PASSWORD)
}, 120_000)
afterAll(async () => {
  await f?.close()
})

const iso = (ms: number): string => new Date(ms).toISOString()
const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${url}${path}`, { headers: { cookie: admin, ...headers } })
const indexed = (): number => new RecordingsRepository(f.t.app.db).overlapping('cam-t001', 0, Date.now() + 1).length

async function ffprobe(args: string[]): Promise<string> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-headers', `Cookie: ${admin}\r\n`, ...args], {
    timeout: 60_000,
  })
  return stdout.trim()
}

describe('playback of the file being written', () => {
  let playlist: string

  it('lists the open file as recorded, and "now - 10 s" plays from it', async () => {
    await waitFor(
      async () => {
        const now = Date.now()
        const response = await get(`/api/cameras/cam-t001/recordings?from=${iso(now - 600_000)}&to=${iso(now)}`)
        const range = ((await response.json()) as RecordingsAnswer).ranges.at(-1)
        return range !== undefined && Date.parse(range.end) - Date.parse(range.start) >= 12_000
      },
      90_000,
      '12 s of cam-t001 listed',
    )
    expect(indexed()).toBe(0) // all of it is in the open file

    const now = Date.now()
    const query = `start=${iso(now - 10_000)}&end=${iso(now)}`
    const response = await get(`/playback/cam-t001/index.m3u8?${query}`)
    expect(response.status).toBe(200)
    playlist = await response.text()
    expect(playlist).toMatch(/#EXT-X-MAP:URI="w\d+\.mp4",BYTERANGE="\d+@0"/)
    expect(playlist).not.toMatch(/r\d+\.mp4/)
    expect(playlist).toContain('#EXT-X-ENDLIST')

    // One line for the stream, another for the program that holds it.
    const [frames] = (
      await ffprobe([
        '-count_frames',
        '-select_streams',
        'v',
        '-show_entries',
        'stream=nb_read_frames',
        '-of',
        'csv=p=0',
        `${url}/playback/cam-t001/index.m3u8?${query}`,
      ])
    ).split(/\s+/)
    // About 10 s (from the keyframe at or before the start, to the last complete fragment) at 25 fps.
    expect(Number(frames)).toBeGreaterThan(150)
  }, 120_000)

  it('gives the keyframe of a moment in the open file as a JPEG', async () => {
    const response = await get(`/api/cameras/cam-t001/frame.jpg?at=${iso(Date.now() - 5_000)}`)
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
  })

  it('a playlist read while the file was open still plays once it has closed', async () => {
    const [, length, offset, name] = /#EXT-X-BYTERANGE:(\d+)@(\d+)\n(w\d+\.mp4)/.exec(playlist)!
    // Stopping the recorders closes the file: renamed from .part and indexed.
    await f.t.app.recording.stopAll()
    expect(indexed()).toBeGreaterThanOrEqual(1)
    const part = await get(`/playback/cam-t001/${name}`, {
      range: `bytes=${offset}-${Number(offset) + Number(length) - 1}`,
    })
    expect(part.status).toBe(206)
    const bytes = Buffer.from(await part.arrayBuffer())
    expect(bytes.length).toBe(Number(length))
    expect(bytes.subarray(4, 8).toString()).toBe('moof')
    expect((await get('/playback/cam-t001/w12345.mp4')).status).toBe(404)
  })
})
