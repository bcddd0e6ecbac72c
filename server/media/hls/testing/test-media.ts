/**
 * Real ffmpeg fMP4 for tests, generated at test time (no media is committed) and cached under
 * .cache/test-media/. ensureCachedFile takes a lock and renames a temporary file into place, so two test
 * workers asking for the same clip at once produce it once.
 */
import { spawn } from 'node:child_process'
import { mkdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { ensureCachedFile } from '../../../../fixtures/fleet/media/cached-file.ts'
import { fmp4MovFlags } from '../fmp4-output-args.ts'

export const testMediaDir = fileURLToPath(new URL('../../../../.cache/test-media/', import.meta.url))

export interface ClipSpec {
  codec: 'h264' | 'h265'
  gopSeconds: number
  seconds: number
  width?: number
  height?: number
  fps?: number
}

export function clipName(spec: ClipSpec): string {
  return `${spec.codec}-gop${spec.gopSeconds}-${spec.seconds}s-${spec.width ?? 640}x${spec.height ?? 360}-${spec.fps ?? 25}fps.mp4`
}

export function encodeArgs(spec: ClipSpec, output: string): string[] {
  const fps = spec.fps ?? 25
  const gop = String(Math.round(spec.gopSeconds * fps))
  const codecArgs =
    spec.codec === 'h264'
      ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', gop, '-keyint_min', gop, '-sc_threshold', '0']
      : [
          '-c:v',
          'libx265',
          '-preset',
          'ultrafast',
          '-tag:v',
          'hvc1',
          '-x265-params',
          `keyint=${gop}:min-keyint=${gop}:scenecut=0:log-level=error`,
        ]
  return [
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${spec.width ?? 640}x${spec.height ?? 360}:rate=${fps}`,
    '-t',
    String(spec.seconds),
    '-pix_fmt',
    'yuv420p',
    ...codecArgs,
    '-b:v',
    '1500k',
    '-f',
    'mp4',
    '-movflags',
    fmp4MovFlags,
    output,
  ]
}

export function runFfmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${errors.slice(-500)}`)),
    )
  })
}

/** The clip's bytes, exactly as ffmpeg writes them to the packager's stdin. */
export async function testClip(spec: ClipSpec): Promise<Buffer> {
  await mkdir(testMediaDir, { recursive: true })
  const path = `${testMediaDir}${clipName(spec)}`
  await ensureCachedFile(path, (temp) => runFfmpeg(encodeArgs(spec, temp)))
  return readFile(path)
}

/** Splits bytes into random-sized chunks (1 byte to 64 KiB), reproducibly from a seed. */
export function randomChunks(bytes: Buffer, seed: number): Buffer[] {
  let state = seed >>> 0 || 1
  const random = () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 0x100000000
  }
  const chunks: Buffer[] = []
  for (let offset = 0; offset < bytes.length;) {
    const size = random() < 0.2 ? 1 + Math.floor(random() * 16) : 1 + Math.floor(random() * 65_536)
    chunks.push(bytes.subarray(offset, offset + size))
    offset += size
  }
  return chunks
}
