/**
 * The typed socket.io client: one connection per signed-in page, same origin, authenticated by the
 * session cookie. `on()` returns its unsubscribe, so a component removes exactly what it added.
 * It reconnects for ever: socket.io retries by itself after a network loss; after a server restart or a
 * refusal by the auth middleware it does not, so we retry with back-off (reconnect-policy.ts) while
 * someone still wants the connection. Every reconnection sends `auth` again, so missed incident events
 * are replayed from the newest sequence seen.
 */
import { io, type Socket } from 'socket.io-client'
import type {
  ClientToServerEvents,
  RealtimeAuth,
  ServerToClientEvents,
} from '../../server/contracts/realtime-events.ts'
import {
  nextState,
  RETRY_BASE_MS,
  RETRY_MAX_MS,
  retryDelay,
  weMustRetry,
  type ConnectionState,
} from './reconnect-policy.ts'

export type { ConnectionState } from './reconnect-policy.ts'

type EventName = keyof ServerToClientEvents
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0]

export class Realtime {
  #socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null
  #retryTimer: ReturnType<typeof setTimeout> | undefined
  #retries = 0
  #state: ConnectionState = 'connecting'
  #connectListeners = new Set<(reconnected: boolean) => void>()
  #disconnectListeners = new Set<() => void>()
  #stateListeners = new Set<(state: ConnectionState) => void>()
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
      // The defaults already retry without end; stated here because the wall and the inbox rely on it.
      reconnection: true,
      reconnectionAttempts: Infinity,
      reconnectionDelay: RETRY_BASE_MS,
      reconnectionDelayMax: RETRY_MAX_MS,
      randomizationFactor: 0.5,
    })
    socket.on('connect', () => {
      const reconnected = this.#everConnected
      this.#everConnected = true
      this.#retries = 0
      this.#setState(nextState('connect'))
      for (const listener of this.#connectListeners) listener(reconnected)
    })
    socket.on('disconnect', (reason) => {
      this.#setState(nextState('disconnect'))
      for (const listener of this.#disconnectListeners) listener()
      if (weMustRetry({ kind: 'disconnect', reason })) this.#retryLater(socket)
    })
    socket.on('connect_error', () => {
      this.#setState(nextState('connect_error'))
      if (weMustRetry({ kind: 'refused', active: socket.active })) this.#retryLater(socket)
    })
    this.#socket = socket
  }

  #retryLater(socket: Socket<ServerToClientEvents, ClientToServerEvents>): void {
    clearTimeout(this.#retryTimer)
    this.#retryTimer = setTimeout(
      () => {
        if (this.#socket === socket && !socket.connected) socket.connect()
      },
      retryDelay(this.#retries++, Math.random()),
    )
  }

  /** Try again now rather than after the back-off (the user has just signed in again). */
  retryNow(): void {
    const socket = this.#socket
    if (!socket || socket.connected) return
    clearTimeout(this.#retryTimer)
    this.#retries = 0
    socket.connect()
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return
    this.#state = state
    for (const listener of this.#stateListeners) listener(state)
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

  /** Called with the new state on every change (the screens' discreet "reconnecting" status). */
  onState(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener)
    return () => this.#stateListeners.delete(listener)
  }

  get state(): ConnectionState {
    return this.#state
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
    this.#retries = 0
    this.#state = 'connecting'
  }

  reset(): void {
    this.disconnect()
    this.#connectListeners.clear()
    this.#disconnectListeners.clear()
    this.#stateListeners.clear()
    this.#authProviders.clear()
  }
}

export const realtime = new Realtime()
