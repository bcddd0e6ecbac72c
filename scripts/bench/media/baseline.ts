/**
 * The baseline: bare `ffmpeg -c copy -f hls` per camera, writing 1 s segments into a temp dir, served by a
 * small node:http static server on 127.0.0.1. Like any on-demand front for ffmpeg must (hls.js does not
 * retry a 404 on the playlist), the server holds a request for index.m3u8 until the playlist lists a
 * segment, polling the file every 50 ms; so "request -> first playable playlist" means the same for both.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { join, resolve, sep } from 'node:path'
import { listsSegment } from './playlist.ts'
import { bareCameraCopyArgs } from '../bare-ffmpeg.ts'
import { makeTempDir } from '../../../server/testing/temp-dir.ts'

const HOLD_MS = 15_000
const POLL_MS = 50

/** The baseline's ffmpeg arguments: a bare `-f hls` remuxer, plus temp_file so nobody reads half a file. */
export function bareHlsArgs(rtspUrl: string, dir: string): string[] {
  return [
    ...bareCameraCopyArgs(rtspUrl),
    '-f',
    'hls',
    '-hls_time',
    '1',
    '-hls_list_size',
    '6',
    // program_date_time lets hls.js report a wall-clock latency for the baseline too.
    '-hls_flags',
    'delete_segments+temp_file+program_date_time',
    '-hls_segment_filename',
    join(dir, 'seg-%d.ts'),
    join(dir, 'index.m3u8'),
  ]
}

export interface BareRemuxer {
  /** -1 until started. */
  readonly pid: number
  name: string
  /** The path under the static server: `${baseline.url}/${name}/index.m3u8`. */
  playlistPath: string
  start(): void
  /** The end of ffmpeg's stderr, credentials masked. */
  stderr(): string
  exited(): boolean
  /** Does its playlist list a segment yet (read from disk, no HTTP)? */
  playable(): boolean
  stop(): Promise<void>
}

export class Baseline {
  private readonly root = makeTempDir('bench-media-bare')
  private readonly children = new Set<ChildProcess>()
  private server: Server | undefined
  private count = 0
  url = ''

  async listen(): Promise<void> {
    this.server = createServer((request, response) => void this.serve(request.url ?? '/', response))
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done))
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`
  }

  /** Starts a remuxer for the camera at once. */
  start(rtspUrl: string): BareRemuxer {
    const remuxer = this.remuxer(rtspUrl)
    remuxer.start()
    return remuxer
  }

  /** A remuxer whose playlist path is known before its ffmpeg starts (the page is opened first). */
  remuxer(rtspUrl: string): BareRemuxer {
    const name = `s${++this.count}`
    const dir = join(this.root.path, name)
    mkdirSync(dir)
    let child: ChildProcess | undefined
    let exit: Promise<void> = Promise.resolve()
    let stderr = ''
    return {
      name,
      playlistPath: `/${name}/index.m3u8`,
      get pid() {
        return child?.pid ?? -1
      },
      start: () => {
        if (child) return
        child = spawn('ffmpeg', bareHlsArgs(rtspUrl, dir), { stdio: ['ignore', 'ignore', 'pipe'] })
        const started = child
        // The tail of stderr (loglevel error): why a remuxer failed, for the report.
        started.stderr!.on('data', (chunk: Buffer) => {
          stderr = (stderr + chunk.toString()).slice(-600)
        })
        this.children.add(started)
        exit = new Promise<void>((done) =>
          started.once('exit', () => {
            this.children.delete(started)
            done()
          }),
        )
      },
      stderr: () => stderr.replace(/rtsp:\/\/[^@\s]*@/g, 'rtsp://***@'),
      exited: () => child !== undefined && (child.exitCode !== null || child.signalCode !== null),
      playable: () => {
        try {
          return listsSegment(readFileSync(join(dir, 'index.m3u8'), 'utf8'))
        } catch {
          return false
        }
      },
      stop: async () => {
        if (child) await stopChild(child, exit)
      },
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.children].map((child) =>
        stopChild(child, new Promise((done) => child.once('exit', () => done(undefined)))),
      ),
    )
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()))
    this.root.remove()
  }

  private async serve(url: string, response: import('node:http').ServerResponse): Promise<void> {
    // CORS: the baseline page may be on another origin (go2rtc does the same for its players).
    response.setHeader('Access-Control-Allow-Origin', '*')
    const path = resolve(this.root.path, `.${decodeURIComponent(url.split('?')[0]!)}`)
    if (!path.startsWith(this.root.path + sep)) return void response.writeHead(404).end()
    try {
      if (path.endsWith('.m3u8')) {
        const body = await heldPlaylist(path)
        if (body === undefined) return void response.writeHead(404).end()
        response
          .writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-cache' })
          .end(body)
        return
      }
      const body = await readFile(path)
      response
        .writeHead(200, { 'content-type': path.endsWith('.ts') ? 'video/mp2t' : 'application/octet-stream' })
        .end(body)
    } catch {
      if (!response.headersSent) response.writeHead(404).end()
    }
  }
}

async function heldPlaylist(path: string): Promise<string | undefined> {
  const deadline = Date.now() + HOLD_MS
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '')
    if (listsSegment(text)) return text
    if (Date.now() > deadline) return undefined
    await new Promise((done) => setTimeout(done, POLL_MS))
  }
}

/** SIGTERM, then SIGKILL after 3 s; only the child we started, by its own handle. */
async function stopChild(child: ChildProcess, exit: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
  await exit
  clearTimeout(timer)
}

/** A keeper: pulls a camera and throws the media away, so the fleet's looper for its clip stays warm. */
export function startKeeper(rtspUrl: string): { stop(): Promise<void> } {
  const child = spawn(
    'ffmpeg',
    ['-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', rtspUrl, '-c', 'copy', '-f', 'null', '-'],
    { stdio: 'ignore' },
  )
  const exit = new Promise((done) => child.once('exit', done))
  return { stop: () => stopChild(child, exit) }
}
