/**
 * The live incident list shared by the dispatch board and the department inbox: loaded once over HTTP,
 * then kept current by `incident:event`, exactly once per event. The socket connects only after the list
 * has loaded, with `auth.lastSeq` from it, so the server replays every change made meanwhile; later
 * reconnections (a network drop, a server restart) replay from the newest sequence seen; when the server
 * cannot replay (`incident:resync`) the list is loaded again.
 */
import type { Incident, IncidentEvent } from '../../../server/contracts/incidents.ts'
import { api } from '../api-client.ts'
import { handleError } from '../handle-error.ts'
import { realtime } from '../realtime.ts'
import { applyEvent, applyEvents, newer, snapshotOf, type IncidentSnapshot } from './incident-events.ts'
import { loadIncidentList } from './incident-pages.ts'

const EMPTY: IncidentSnapshot = { incidents: new Map(), lastSeq: 0 }

export class IncidentFeed {
  snapshot = $state.raw<IncidentSnapshot>(EMPTY)
  loading = $state(false)
  loaded = $state(false)
  /** Live updates flow (false while the socket is down: the screen says changes will catch up). */
  live = $state(false)
  incidents = $derived([...this.snapshot.incidents.values()])

  #listeners = new Set<(event: IncidentEvent) => void>()
  #resyncListeners = new Set<() => void>()
  /** Events received during a reload, applied again on top of the list it returns. */
  #arriving: IncidentEvent[] | null = null
  #offs: Array<() => void> = []
  /** Bumped by reset(): an answer that arrives after sign-out must not fill the next user's list. */
  #generation = 0

  get lastSeq(): number {
    return this.snapshot.lastSeq
  }

  async start(): Promise<void> {
    if (!(await this.#load())) return
    this.#offs.push(
      realtime.provideAuth(() => ({ lastSeq: this.snapshot.lastSeq })),
      realtime.on('incident:event', (event) => this.receive(event)),
      realtime.on('incident:resync', () => void this.reload()),
      realtime.onConnect(() => {
        this.live = true
      }),
      realtime.onDisconnect(() => {
        this.live = false
      }),
    )
    this.live = realtime.connected
  }

  /**
   * Loads the list again, whole: the server said the missed events cannot bring it up to date (an
   * incident left this department, or the store was reset). Listeners hear of it after the new list is in.
   */
  async reload(): Promise<void> {
    if (await this.#load()) for (const listener of this.#resyncListeners) listener()
  }

  /** Every page of the list; false when it failed (the error shown) or the user changed meanwhile. */
  async #load(): Promise<boolean> {
    const generation = this.#generation
    this.loading = true
    // Live events that arrive while a reload is in flight may be newer than the list it returns.
    const arrived: IncidentEvent[] = []
    this.#arriving = arrived
    try {
      const list = await loadIncidentList(api)
      if (generation !== this.#generation) return false
      this.snapshot = applyEvents(snapshotOf(list.incidents, list.lastSeq), arrived).snapshot
      this.loaded = true
      return true
    } catch (error) {
      if (generation === this.#generation) handleError(error, 'errors.loadIncidents')
      return false
    } finally {
      if (this.#arriving === arrived) this.#arriving = null
      if (generation === this.#generation) this.loading = false
    }
  }

  /** Applies a live or replayed event; returns whether it was new. Listeners hear only new ones. */
  receive(event: IncidentEvent): boolean {
    this.#arriving?.push(event)
    const next = applyEvent(this.snapshot, event)
    if (!next) return false
    this.snapshot = next
    for (const listener of this.#listeners) listener(event)
    return true
  }

  /** An incident a call of ours just returned: shown at once, without waiting for its event. */
  upsert(incident: Incident): void {
    const current = this.snapshot.incidents.get(incident.id)
    const chosen = newer(current, incident)
    if (chosen === current) return
    const incidents = new Map(this.snapshot.incidents)
    incidents.set(incident.id, chosen)
    this.snapshot = { incidents, lastSeq: this.snapshot.lastSeq }
  }

  get(id: number): Incident | undefined {
    return this.snapshot.incidents.get(id)
  }

  /** Every new event after it was applied; returns the unsubscribe. */
  onEvent(listener: (event: IncidentEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** After every reload the server asked for; returns the unsubscribe. */
  onResync(listener: () => void): () => void {
    this.#resyncListeners.add(listener)
    return () => this.#resyncListeners.delete(listener)
  }

  reset(): void {
    this.#generation += 1
    for (const off of this.#offs.splice(0)) off()
    this.#listeners.clear()
    this.#resyncListeners.clear()
    this.snapshot = EMPTY
    this.loading = false
    this.loaded = false
    this.live = false
  }
}
