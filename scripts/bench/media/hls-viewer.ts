/**
 * A lightweight LL-HLS viewer for the load part (not a browser): it follows the playlist with blocking
 * reloads (`_HLS_msn`/`_HLS_part` for the next part) and fetches the init segment once and every new part,
 * as hls.js does in low-latency mode. Loopback only; bounded by a request count and a deadline; every
 * request has its own timeout. Counts requests, bytes and errors.
 */
import { nextReload, readPlaylist, type PlaylistView } from './playlist.ts'

export interface ViewerOptions {
  /** e.g. http://127.0.0.1:1234/live/cam-t001/main/ */
  base: string
  cookie: string
  maxRequests?: number
  maxDurationMs?: number
}

export interface ViewerStats {
  requests: number
  errors: number
  bytes: number
  /** Milliseconds from start to the first playlist (null until it came). */
  firstPlaylistMs: number | null
  errorSamples: string[]
}

const REQUEST_TIMEOUT_MS = 20_000
const PAUSE_AFTER_ERROR_MS = 500

export class HlsViewer {
  readonly stats: ViewerStats = { requests: 0, errors: 0, bytes: 0, firstPlaylistMs: null, errorSamples: [] }
  private readonly abort = new AbortController()
  private readonly fetched = new Set<string>()
  private loop: Promise<void> | undefined

  constructor(private readonly options: ViewerOptions) {}

  start(): void {
    this.loop ??= this.run().catch((error: unknown) => this.error(`viewer stopped: ${String(error)}`))
  }

  async stop(): Promise<ViewerStats> {
    this.abort.abort()
    await this.loop
    return this.stats
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted
  }

  private async run(): Promise<void> {
    const started = performance.now()
    const deadline = started + (this.options.maxDurationMs ?? 30 * 60_000)
    const maxRequests = this.options.maxRequests ?? 1_000_000
    let view: PlaylistView | undefined
    let mapFetched: string | undefined
    while (!this.stopped && performance.now() < deadline && this.stats.requests < maxRequests) {
      const query = view ? `?_HLS_msn=${nextReload(view).msn}&_HLS_part=${nextReload(view).part}` : ''
      const text = await this.get(`index.m3u8${query}`, 'text')
      if (text === undefined) {
        await this.pause()
        continue
      }
      const first = view === undefined
      view = readPlaylist(text)
      if (first) {
        this.stats.firstPlaylistMs = performance.now() - started
        // Join at the live edge, as a player does: only the newest part is fetched.
        for (const part of view.parts.slice(0, -1)) this.fetched.add(part)
      }
      if (view.map && view.map !== mapFetched && (await this.get(view.map, 'bytes')) !== undefined)
        mapFetched = view.map
      for (const part of view.parts) {
        if (this.stopped || this.fetched.has(part)) continue
        if ((await this.get(part, 'bytes')) !== undefined) this.fetched.add(part)
      }
      // Bounded memory: part names grow forever; only the recent ones can still be listed.
      if (this.fetched.size > 400) for (const old of [...this.fetched].slice(0, 200)) this.fetched.delete(old)
    }
  }

  private async get(name: string, as: 'text' | 'bytes'): Promise<string | undefined> {
    this.stats.requests++
    try {
      const response = await fetch(new URL(name, this.options.base), {
        headers: { cookie: this.options.cookie },
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      })
      const body = Buffer.from(await response.arrayBuffer())
      this.stats.bytes += body.length
      if (!response.ok) {
        this.error(`${name.split('?')[0]}: HTTP ${response.status} ${body.toString('utf8', 0, 200)}`)
        return undefined
      }
      return as === 'text' ? body.toString('utf8') : ''
    } catch (error) {
      // Our own stop aborts requests in flight: not an error of the server.
      if (!this.stopped) this.error(`${name.split('?')[0]}: ${error instanceof Error ? error.message : String(error)}`)
      return undefined
    }
  }

  private error(message: string): void {
    this.stats.errors++
    if (this.stats.errorSamples.length < 5) this.stats.errorSamples.push(message)
  }

  private async pause(): Promise<void> {
    if (!this.stopped) await new Promise((done) => setTimeout(done, PAUSE_AFTER_ERROR_MS))
  }
}
