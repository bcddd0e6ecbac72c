/**
 * The dispatch board: the live incident list, the filter (mirrored in the query string so a filtered
 * board can be linked), the open incident, the statistics for today and this month, and the alerts (beep and
 * desktop notification) on a new report, a return or an escalation, as each user chose them.
 */
import type { SessionUser } from '../../../server/contracts/api.ts'
import type { IncidentEvent, IncidentStats } from '../../../server/contracts/incidents.ts'
import {
  askNotifications,
  beep,
  notificationState,
  notify,
  unlockSound,
  type NotificationState,
} from '../../lib/alerts.ts'
import { api } from '../../lib/api-client.ts'
import { handleError } from '../../lib/handle-error.ts'
import { t } from '../../lib/i18n/i18n.svelte.ts'
import {
  boardAlertFor,
  DEFAULT_ALERT_PREFERENCES,
  loadPreferences,
  savePreferences,
  type AlertPreferences,
  type BoardAlertKind,
} from '../../lib/incidents/alert-preferences.ts'
import { IncidentDetail } from '../../lib/incidents/incident-detail.svelte.ts'
import { IncidentFeed } from '../../lib/incidents/incident-feed.svelte.ts'
import { site } from '../../lib/site-context.svelte.ts'
import { filterFromQuery, NO_FILTER, type BoardFilter } from './board-view.ts'

// Statistics are counts over the whole day; a live event refreshes them at most this often.
const STATS_REFRESH_MS = 5_000

export class BoardState {
  readonly feed = new IncidentFeed()
  readonly detail = new IncidentDetail((incident) => this.feed.upsert(incident))
  /** The site context (lib/site-context): config, cameras, time zone, names. */
  readonly site = site
  filter = $state<BoardFilter>({ ...NO_FILTER })
  stats = $state<IncidentStats | null>(null)
  /** This user's alert choices on this machine (remembered across reloads). */
  alertPreferences = $state<AlertPreferences>(DEFAULT_ALERT_PREFERENCES)
  notifications = $state<NotificationState>(notificationState())
  /** The beep can play (the browser allows sound only after a click or key on the page). */
  soundReady = $state(false)
  /** Alerts raised so far on this page (the browser test reads it). */
  alerts = $state(0)
  #user: SessionUser | null = null
  #statsTimer: ReturnType<typeof setTimeout> | undefined
  #offs: Array<() => void> = []
  #generation = 0

  async load(search: string, user: SessionUser): Promise<void> {
    const generation = this.#generation
    this.#user = user
    this.alertPreferences = loadPreferences('board', user.username)
    this.filter = filterFromQuery(search)
    this.#offs.push(
      this.feed.onEvent((event) => {
        this.detail.apply(event)
        this.#scheduleStats()
        const alert = boardAlertFor(event, user.role, this.alertPreferences)
        if (alert) this.#alert(alert, event)
      }),
      this.feed.onResync(() => {
        if (this.detail.id !== null) void this.detail.open(this.detail.id)
        void this.loadStats()
      }),
    )
    const opened = Number(new URLSearchParams(search).get('incident'))
    if (Number.isInteger(opened) && opened > 0) void this.detail.open(opened)
    await this.site.load()
    // Left while the site loaded: the next visit starts its own feed.
    if (generation !== this.#generation) return
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

  /** Saves the user's choice; turning notifications on asks the browser (call from the click). */
  async setAlertPreferences(preferences: AlertPreferences): Promise<void> {
    this.alertPreferences = preferences
    if (this.#user) savePreferences('board', this.#user.username, preferences)
    if (preferences.sound) this.soundReady = await unlockSound()
    if (preferences.notify) this.notifications = await askNotifications()
  }

  /** Any click or key on the page: the beep may play from now on. */
  async unlock(): Promise<void> {
    if (!this.soundReady) this.soundReady = await unlockSound()
  }

  #alert(kind: BoardAlertKind, event: IncidentEvent): void {
    const { incident } = event
    this.alerts += 1
    if (this.alertPreferences.sound) beep()
    if (!this.alertPreferences.notify) return
    const names = this.site.names
    const title = t(`board.alert.${kind}`, { category: names.category(incident.category) })
    const body = `${incident.code} · ${names.community(incident.community)} ${names.grid(incident.grid)}${incident.note ? `\n${incident.note}` : ''}`
    notify(title, body, `${incident.code}-${kind}`, () => void this.detail.open(incident.id))
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
    this.filter = { ...NO_FILTER }
    this.stats = null
    this.alerts = 0
    this.soundReady = false
    this.alertPreferences = DEFAULT_ALERT_PREFERENCES
    this.#user = null
  }
}

export const boardState = new BoardState()
