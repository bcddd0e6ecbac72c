/**
 * The dispatch board: the live incident list, the filter (mirrored in the query string so a filtered
 * board can be linked), the open incident, and the statistics for today and this month.
 */
import { api, type IncidentStats } from '../../lib/api-client.ts'
import { handleError } from '../../lib/handle-error.ts'
import { IncidentDetail } from '../../lib/incidents/incident-detail.svelte.ts'
import { IncidentFeed } from '../../lib/incidents/incident-feed.svelte.ts'
import { SiteDirectory } from '../../lib/incidents/site-directory.svelte.ts'
import { filterFromQuery, NO_FILTER, type BoardFilter } from './board-view.ts'

// Statistics are counts over the whole day; a live event refreshes them at most this often.
const STATS_REFRESH_MS = 5_000

export class BoardState {
  readonly feed = new IncidentFeed()
  readonly detail = new IncidentDetail((incident) => this.feed.upsert(incident))
  readonly site = new SiteDirectory()
  filter = $state<BoardFilter>({ ...NO_FILTER })
  stats = $state<IncidentStats | null>(null)
  #statsTimer: ReturnType<typeof setTimeout> | undefined
  #offs: Array<() => void> = []
  #generation = 0

  async load(search: string): Promise<void> {
    const generation = this.#generation
    this.filter = filterFromQuery(search)
    this.#offs.push(
      this.feed.onEvent((event) => {
        this.detail.apply(event)
        this.#scheduleStats()
      }),
      this.feed.onResync(() => {
        if (this.detail.id !== null) void this.detail.open(this.detail.id)
        void this.loadStats()
      }),
    )
    const opened = Number(new URLSearchParams(search).get('incident'))
    if (Number.isInteger(opened) && opened > 0) void this.detail.open(opened)
    await this.site.load(() => generation === this.#generation)
    await Promise.all([this.feed.start(), this.loadStats()])
  }

  async loadStats(): Promise<void> {
    const generation = this.#generation
    try {
      const stats = await api.incidentStats()
      if (generation === this.#generation) this.stats = stats
    } catch (error) {
      if (generation === this.#generation) handleError(error, 'errors.loadStats')
    }
  }

  #scheduleStats(): void {
    if (this.#statsTimer !== undefined) return
    this.#statsTimer = setTimeout(() => {
      this.#statsTimer = undefined
      void this.loadStats()
    }, STATS_REFRESH_MS)
  }

  /** The filter as a query string (with the open incident), for history.replaceState. */
  query(): string {
    const query = new URLSearchParams()
    for (const [key, value] of Object.entries(this.filter)) if (value) query.set(key, value)
    if (this.detail.id !== null) query.set('incident', String(this.detail.id))
    const text = query.toString()
    return text ? `?${text}` : ''
  }

  reset(): void {
    this.#generation += 1
    for (const off of this.#offs.splice(0)) off()
    clearTimeout(this.#statsTimer)
    this.#statsTimer = undefined
    this.feed.reset()
    this.detail.reset()
    this.site.reset()
    this.filter = { ...NO_FILTER }
    this.stats = null
  }
}

export const boardState = new BoardState()
