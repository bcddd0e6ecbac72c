/**
 * When the live connection tries again, and what the screens say about it. Pure: the socket wrapper in
 * realtime.ts does the I/O; the delays and the state changes are decided here and table-tested.
 */

/** `connecting`: never connected yet; `live`: connected; `reconnecting`: was live or refused, trying again. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting'

export const RETRY_BASE_MS = 1_000
// Short enough that a screen is back within a few seconds of a restarted server (the target is 5 s from
// an event to every screen); with the jitter, even a few hundred screens knock at under a hundred a second.
export const RETRY_MAX_MS = 5_000

/**
 * The wait before retry number `attempt` (0-based): doubling from a second up to five seconds, with up to
 * half of it random so a room full of screens does not knock on a restarted server at the same instant.
 * `random` is in [0, 1).
 */
export function retryDelay(attempt: number, random: number): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(attempt, 16))
  return Math.round(ceiling / 2 + (ceiling / 2) * random)
}

/**
 * socket.io retries by itself after a network loss, but not after the server ended the connection (a
 * restart calls `disconnectSockets`: reason `io server disconnect`) nor after its auth middleware refused
 * us: then retrying is ours. `disconnect()` on our side (`io client disconnect`) is meant.
 */
export function weMustRetry(
  event: { kind: 'disconnect'; reason: string } | { kind: 'refused'; active: boolean },
): boolean {
  if (event.kind === 'refused') return !event.active
  return event.reason === 'io server disconnect'
}

/** The state after a socket event: a failed first attempt is as degraded as a dropped connection. */
export function nextState(event: 'connect' | 'disconnect' | 'connect_error'): ConnectionState {
  return event === 'connect' ? 'live' : 'reconnecting'
}
