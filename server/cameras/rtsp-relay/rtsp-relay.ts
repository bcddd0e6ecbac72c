/**
 * A loopback RTSP relay that keeps camera passwords off ffmpeg's command line (readable by every local
 * user in /proc/<pid>/cmdline). The server registers each stream it is about to pull and hands ffmpeg
 * `rtsp://127.0.0.1:<port>/<token>/<camera>/<quality>` instead of `rtsp://user:password@camera/...`;
 * the relay connects to the camera, answers its Digest or Basic challenge itself and forwards everything
 * else. The token is 192 random bits, valid until the stream releases it, and serves one connection at a
 * time, opened by the server's own user; an unknown token gets 404. Nothing here logs a token, a password
 * or a camera URL.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type Server, type Socket } from 'node:net'
import type { Logger } from '../../process/logger.ts'
import { CameraCredentials } from '../camera-credentials.ts'
import { peerUid } from './peer-uid.ts'
import { RelayConnection, type RelayRegistration, type RelayTimeouts } from './relay-connection.ts'

export interface RelayLease {
  /** The URL for ffmpeg: no credentials, only a token. */
  url: string
  /** The token stops working and its connection is closed. Idempotent. */
  release(): void
}

export interface RtspRelayOptions {
  logger: Logger
  /** Open connections at most (each restream and frame grab holds one). */
  maxConnections?: number
  timeouts?: Partial<RelayTimeouts>
}

const DEFAULT_TIMEOUTS: RelayTimeouts = { firstRequestMs: 5_000, cameraConnectMs: 4_000, cameraIdleMs: 20_000 }

interface Entry {
  registration: RelayRegistration
  active: RelayConnection | null
}

export class RtspRelay {
  readonly timeouts: RelayTimeouts
  private readonly server: Server
  private readonly entries = new Map<string, Entry>()
  private readonly connections = new Set<RelayConnection>()
  private readonly maxConnections: number
  private listeningPort = 0

  constructor(private readonly options: RtspRelayOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
    this.maxConnections = options.maxConnections ?? 512
    this.server = createServer((socket) => this.accept(socket))
  }

  get port(): number {
    return this.listeningPort
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(0, '127.0.0.1', () => resolve())
    })
    this.listeningPort = (this.server.address() as { port: number }).port
  }

  /**
   * A relay URL for `cameraUrl`. Credentials come from the configuration, else from the URL's own user
   * part (some cameras hand out URIs with them), which never reaches ffmpeg either way.
   */
  register(cameraUrl: string, credentials: CameraCredentials | null, label: string): RelayLease {
    const parsed = new URL(cameraUrl)
    const inline =
      parsed.username === ''
        ? null
        : new CameraCredentials(decodeURIComponent(parsed.username), decodeURIComponent(parsed.password))
    parsed.username = ''
    parsed.password = ''
    const tls = parsed.protocol === 'rtsps:'
    const token = randomBytes(24).toString('base64url')
    const relayBase = `rtsp://127.0.0.1:${this.listeningPort}/${token}/${label.split('/').map(encodeURIComponent).join('/')}`
    this.entries.set(token, {
      registration: {
        route: { relayBase, cameraBase: parsed.toString() },
        credentials: credentials ?? inline,
        camera: { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || (tls ? 322 : 554)), tls },
        label,
      },
      active: null,
    })
    return {
      url: relayBase,
      release: () => {
        const entry = this.entries.get(token)
        this.entries.delete(token)
        entry?.active?.close()
      },
    }
  }

  /** Streams registered and not yet released: for tests and measurements. */
  get registered(): number {
    return this.entries.size
  }

  async close(): Promise<void> {
    this.entries.clear()
    for (const connection of this.connections) connection.close()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(socket: Socket): void {
    if (this.connections.size >= this.maxConnections) {
      this.options.logger.warn({ limit: this.maxConnections }, 'RTSP relay: too many connections, refusing one')
      socket.destroy()
      return
    }
    // The token is on ffmpeg's command line, which every local user can read: only our own user may use it.
    const uid = peerUid(socket.remotePort, this.listeningPort)
    if (uid !== undefined && uid !== process.getuid?.()) {
      this.options.logger.warn({ uid }, 'RTSP relay: a connection from another local user, refused')
      socket.destroy()
      return
    }
    const host = {
      timeouts: this.timeouts,
      claim: (token: string, connection: RelayConnection) => {
        const entry = this.entries.get(token)
        if (!entry) return 'unknown' as const
        if (entry.active) return 'busy' as const
        entry.active = connection
        return entry.registration
      },
      closed: (connection: RelayConnection) => {
        this.connections.delete(connection)
        for (const entry of this.entries.values()) if (entry.active === connection) entry.active = null
      },
      log: (event: string, fields: Record<string, unknown>) => this.options.logger.info(fields, event),
    }
    this.connections.add(new RelayConnection(socket, host))
  }
}
