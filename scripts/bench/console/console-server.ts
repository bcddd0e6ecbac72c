/**
 * The real server for the console benchmark: a child process on loopback with the simulated fleet as its
 * own child, `cameraCount` test cameras, health checks off (their RTSP sessions would add noise), and
 * streams stopped 5 s after their last request so each cold run can wait for a server with none running.
 * The admin logs in once over HTTP for the API calls (tours, stream list); the browser logs in itself.
 */
import { startServerWithCameras } from '../bench-server-start.ts'

export const IDLE_STOP_S = 5

export interface ConsoleBenchServer {
  url: string
  pid: number
  username: string
  password: string
  cameraId(n: number): string
  /** An admin API call; throws with the server's answer on a non-2xx status. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>
  /** `cameraId/quality` of every stream the server runs now. */
  runningStreams(): Promise<string[]>
  /** Waits until the server runs no stream (each cold run starts from here); false on timeout. */
  waitIdle(timeoutMs: number): Promise<boolean>
  close(): Promise<void>
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

export async function startConsoleBenchServer(cameraCount: number): Promise<ConsoleBenchServer> {
  const started = await startServerWithCameras({
    name: 'bench-console',
    cameraCount,
    env: {
      CAMERA_HEALTH_INTERVAL_S: '0',
      LIVE_IDLE_STOP_S: String(IDLE_STOP_S),
      MAX_COPY_STREAMS: '200',
      LOG_LEVEL: 'error',
    },
  })
  const { server, cookie } = started
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(server.url + path, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    })
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`)
    return (response.status === 204 ? undefined : await response.json()) as T
  }
  const runningStreams = async (): Promise<string[]> => {
    const body = await api<{ streams?: unknown }>('GET', '/api/streams')
    if (!Array.isArray(body.streams)) throw new Error('/api/streams: no stream list')
    return body.streams.flatMap((row: unknown) => {
      const r = row as { cameraId?: unknown; quality?: unknown }
      return typeof r.cameraId === 'string' && typeof r.quality === 'string' ? [`${r.cameraId}/${r.quality}`] : []
    })
  }
  return {
    url: server.url,
    pid: server.pid,
    username: server.adminUsername,
    password: server.adminPassword,
    cameraId: (n) => `cam-t${String(n).padStart(3, '0')}`,
    api,
    runningStreams,
    async waitIdle(timeoutMs) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        if ((await runningStreams()).length === 0) return true
        await sleep(500)
      }
      return (await runningStreams()).length === 0
    },
    close: () => started.close(),
  }
}
