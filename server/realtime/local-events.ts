/**
 * The same events the realtime publisher sends to browsers, delivered in-process to domains that react
 * to other domains (the wall's rules react to incidents and camera health) without knowing socket.io
 * or the publishing domain.
 */
import type { ServerToClientEvents } from '../contracts/realtime-events.ts'

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0]
type Listener<E extends keyof ServerToClientEvents> = (payload: Payload<E>) => void

export class LocalEvents {
  private readonly listeners = new Map<keyof ServerToClientEvents, Set<(payload: never) => void>>()

  /** Returns the unsubscribe. */
  on<E extends keyof ServerToClientEvents>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set()
    this.listeners.set(event, set)
    set.add(listener as (payload: never) => void)
    return () => set.delete(listener as (payload: never) => void)
  }

  /** Calls every listener; one that throws is reported and does not stop the others or the publisher. */
  emit<E extends keyof ServerToClientEvents>(event: E, payload: Payload<E>, onError: (error: unknown) => void): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        ;(listener as Listener<E>)(payload)
      } catch (error) {
        onError(error)
      }
    }
  }
}
