/**
 * The typed socket.io client: one connection per signed-in page, same origin, authenticated by the
 * session cookie. `on()` returns its unsubscribe, so a component removes exactly what it added.
 * socket.io reconnects by itself after a network loss; after a refusal by the server's auth middleware it
 * does not, so we try again on a timer while someone still wants the connection.
 */
import { io, type Socket } from 'socket.io-client'
import type {
  ClientToServerEvents,
  RealtimeAuth,
  ServerToClientEvents,
} from '../../server/contracts/realtime-events.ts'

type EventName = keyof ServerToClientEvents
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0]

const REFUSED_RETRY_MS = 5_000

export class Realtime {
  #socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null
  #retryTimer: ReturnType<typeof setTimeout> | undefined
  #connectListeners = new Set<(reconnected: boolean) => void>()
  #disconnectListeners = new Set<() => void>()
  #everConnected = false
  #authProviders = new Set<() => RealtimeAuth>()

  connect(): void {
    if (this.#socket) return
    // `auth` as a function: socket.io asks it again on every reconnection, so the server replays from the
    // newest sequence seen, not the one we had when the page opened.
    const auth = (send: (data: object) => void): void => {
      send(Object.assign({}, ...[...this.#authProviders].map((provide) => provide())) as RealtimeAuth)
    }
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: '/socket.io/',
      withCredentials: true,
      auth,
    })
    socket.on('connect', () => {
      const reconnected = this.#everConnected
      this.#everConnected = true
      for (const listener of this.#connectListeners) listener(reconnected)
    })
    socket.on('disconnect', () => {
      for (const listener of this.#disconnectListeners) listener()
    })
    socket.on('connect_error', () => {
      // `active` false: the server refused us (middleware error) and socket.io will not retry by itself.
      if (socket.active) return
      clearTimeout(this.#retryTimer)
      this.#retryTimer = setTimeout(() => {
        if (this.#socket === socket) socket.connect()
      }, REFUSED_RETRY_MS)
    })
    this.#socket = socket
  }

  /** Typed subscription; returns its unsubscribe. Listeners added before connect() are kept. */
  on<E extends EventName>(event: E, handler: (payload: Payload<E>) => void): () => void {
    this.connect()
    const socket = this.#socket!
    // socket.io's emitter types cannot follow a generic event name; the signature above is the contract.
    const untyped = socket as unknown as {
      on(e: string, h: (p: unknown) => void): void
      off(e: string, h: (p: unknown) => void): void
    }
    const listener = (payload: unknown): void => handler(payload as Payload<E>)
    untyped.on(event, listener)
    return () => untyped.off(event, listener)
  }

  /**
   * Adds fields to the `auth` sent on every (re)connection; returns its removal. An already open connection
   * is reopened so the server sees them (it replays missed incident events only when a client connects).
   */
  provideAuth(provider: () => RealtimeAuth): () => void {
    this.#authProviders.add(provider)
    if (this.#socket?.connected) this.#socket.disconnect().connect()
    return () => this.#authProviders.delete(provider)
  }

  /** Called on every (re)connection; `reconnected` says events may have been missed meanwhile. */
  onConnect(listener: (reconnected: boolean) => void): () => void {
    this.#connectListeners.add(listener)
    return () => this.#connectListeners.delete(listener)
  }

  /** Called whenever the connection drops (the screen shows that live updates paused). */
  onDisconnect(listener: () => void): () => void {
    this.#disconnectListeners.add(listener)
    return () => this.#disconnectListeners.delete(listener)
  }

  get connected(): boolean {
    return this.#socket?.connected ?? false
  }

  disconnect(): void {
    clearTimeout(this.#retryTimer)
    this.#socket?.disconnect()
    this.#socket?.removeAllListeners()
    this.#socket = null
    this.#everConnected = false
  }

  reset(): void {
    this.disconnect()
    this.#connectListeners.clear()
    this.#disconnectListeners.clear()
    this.#authProviders.clear()
  }
}

export const realtime = new Realtime()
