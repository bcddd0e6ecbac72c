/**
 * Real ffmpeg in, real ffprobe and ffmpeg out, over HTTP on 127.0.0.1: a live ffmpeg (-re, -c copy, the
 * production output arguments) feeds the packager; ffprobe must read the stream's codec and size, and
 * ffmpeg must read 3 s of it without an error. The first playlist of either quick start holds one 600 ms
 * segment or two 80 ms ones, not a GOP; the time to it (the wait a viewer sees before the first picture) is
 * printed here and measured by `npm run bench:media`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { buildFmp4OutputArgs } from './fmp4-output-args.ts'
import { LivePackager } from './live-packager.ts'
import type { QuickStart } from './segmenter.ts'
import { parsePlaylist } from './testing/playlist-rules.ts'
import { servePackager } from './testing/serve-packager.ts'
import { testClip, testMediaDir, clipName, type ClipSpec } from './testing/test-media.ts'

const children: ChildProcess[] = []

afterEach(() => {
  // Only the processes this file started, by their own handles.
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

/** ffmpeg replaying a cached clip in real time through the production output arguments, into a packager. */
async function liveSource(
  spec: ClipSpec,
  quickStart: QuickStart = 'lead-segment',
): Promise<{ packager: LivePackager; startedAt: number }> {
  await testClip(spec)
  const packager = new LivePackager({ quickStart })
  const startedAt = performance.now()
  const child = spawn(
    'ffmpeg',
    [
      '-nostdin',
      '-loglevel',
      'error',
      '-re',
      '-i',
      `${testMediaDir}${clipName(spec)}`,
      ...buildFmp4OutputArgs({ codec: spec.codec }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  children.push(child)
  child.stdout.on('data', (chunk: Buffer) => packager.push(chunk))
  child.on('exit', () => packager.restart())
  return { packager, startedAt }
}

describe('the packager over HTTP', () => {
  it('ffprobe reads codec and size, and ffmpeg reads 3 s without errors', async () => {
    const { packager } = await liveSource({ codec: 'h264', gopSeconds: 1, seconds: 20 })
    const server = await servePackager(packager)
    try {
      const probe = await run('ffprobe', [
        '-v',
        'error',
        '-show_entries',
        'stream=codec_name,width,height',
        '-of',
        'json',
        '-i',
        server.url,
      ])
      expect(probe.code).toBe(0)
      expect(JSON.parse(probe.stdout).streams[0]).toEqual({ codec_name: 'h264', width: 640, height: 360 })
      const read = await run('ffmpeg', ['-nostdin', '-v', 'error', '-i', server.url, '-t', '3', '-f', 'null', '-'])
      expect(read.stderr).toBe('')
      expect(read.code).toBe(0)
    } finally {
      packager.close()
      await server.close()
    }
  })

  it.each([
    ['a 1 s GOP', { codec: 'h264', gopSeconds: 1, seconds: 8 } as const],
    ['a 2 s GOP', { codec: 'h264', gopSeconds: 2, seconds: 8 } as const],
  ])(
    'the first playlist is ready three parts after the first keyframe, not a GOP later, with %s',
    async (name, spec) => {
      const { packager, startedAt } = await liveSource(spec)
      const answer = await packager.playlist({}, 10_000)
      const elapsedMs = performance.now() - startedAt
      packager.close()
      console.info(`first playlist after ${Math.round(elapsedMs)} ms with ${name}`)
      const first = parsePlaylist(answer!)
      expect(first.segments).toHaveLength(1)
      // Fifteen frames at 25 fps, played in real time (-re): the playlist cannot come sooner. A segment that
      // waited for the next keyframe would last the whole GOP; how fast it comes is bench:media's to measure.
      expect(first.segments[0]!.duration).toBeCloseTo(0.6, 5)
      expect(elapsedMs).toBeGreaterThan(550)
    },
  )
  it.each([
    ['a 1 s GOP', { codec: 'h264', gopSeconds: 1, seconds: 8 } as const],
    ['a 2 s GOP', { codec: 'h264', gopSeconds: 2, seconds: 8 } as const],
  ])(
    'with short segments the first playlist is ready two of them after the first keyframe, with %s',
    async (name, spec) => {
      const { packager, startedAt } = await liveSource(spec, 'short-segments')
      const answer = await packager.playlist({}, 10_000)
      const elapsedMs = performance.now() - startedAt
      packager.close()
      console.info(`first playlist after ${Math.round(elapsedMs)} ms with ${name} (short segments)`)
      const first = parsePlaylist(answer!)
      expect(first.segments.map((segment) => segment.duration)).toEqual([0.08, 0.08])
      // Four frames at 25 fps, played in real time (-re): the playlist cannot come sooner than their 120 ms. A
      // first segment that ended at the next keyframe would last the whole GOP (1 s or more).
      expect(elapsedMs).toBeGreaterThan(120)
    },
  )
})
