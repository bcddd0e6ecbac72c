/**
 * The department inbox: the incidents sent to this department, kept live; new dispatches and escalations
 * ring (beep + desktop notification) and stay marked until opened.
 */
import type { SessionUser } from '../../../server/contracts/api.ts'
import type { IncidentEvent } from '../../../server/contracts/incidents.ts'
import { t } from '../../lib/i18n/i18n.svelte.ts'
import { IncidentDetail } from '../../lib/incidents/incident-detail.svelte.ts'
import {
  DEFAULT_ALERT_PREFERENCES,
  hasStoredPreferences,
  savePreferences,
} from '../../lib/incidents/alert-preferences.ts'
import { isAlertFor } from '../../lib/incidents/incident-events.ts'
import { IncidentFeed } from '../../lib/incidents/incident-feed.svelte.ts'
import { site } from '../../lib/site-context.svelte.ts'
import {
  askNotifications,
  beep,
  notificationState,
  notify,
  unlockSound,
  type NotificationState,
} from '../../lib/alerts.ts'
import type { InboxTab } from './inbox-view.ts'

export class InboxState {
  readonly feed = new IncidentFeed()
  readonly detail = new IncidentDetail((incident) => this.feed.upsert(incident))
  /** The site context (lib/site-context): config, cameras, time zone, names. */
  readonly site = site
  tab = $state<InboxTab>('active')
  /** Alerts not yet opened. Replaced, never mutated, so $derived sees the change. */
  fresh = $state<ReadonlySet<number>>(new Set())
  notifications = $state<NotificationState>(notificationState())
  /** The beep can play (the browser allows sound only after a click or key on the page). */
  soundReady = $state(false)
  /** This user turned alerts on here before (remembered across reloads): no button, the first click unlocks. */
  alertsChosen = $state(false)
  /** Alerts heard so far on this page (the browser test reads it; a supervisor could too). */
  alerts = $state(0)
  #department: string | null = null
  #username: string | null = null
  #offs: Array<() => void> = []
  #generation = 0

  async load(user: SessionUser): Promise<void> {
    const generation = this.#generation
    this.#department = user.department
    this.#username = user.username
    this.alertsChosen = hasStoredPreferences('inbox', user.username)
    this.#offs.push(
      this.feed.onEvent((event) => {
        this.detail.apply(event)
        if (isAlertFor(event, this.#department)) this.#alert(event)
      }),
      // An incident may have left the department: an open one that did closes with the server's 404.
      this.feed.onResync(() => {
        if (this.detail.id !== null) void this.detail.open(this.detail.id)
      }),
    )
    await this.site.load()
    // Left while the site loaded: the next visit starts its own feed.
    if (generation !== this.#generation) return
    await this.feed.start()
  }

  /** From a click: unlocks the beep and asks for notifications (browsers allow both only after a gesture). */
  async enableAlerts(): Promise<void> {
    const sound = unlockSound()
    this.notifications = await askNotifications()
    this.soundReady = await sound
    this.alertsChosen = true
    if (this.#username)
      savePreferences('inbox', this.#username, {
        ...DEFAULT_ALERT_PREFERENCES,
        notify: this.notifications === 'granted',
      })
  }

  /** Any click or key on the page: the beep may play from now on. */
  async unlock(): Promise<void> {
    if (!this.soundReady) this.soundReady = await unlockSound()
  }

  open(id: number): void {
    if (this.fresh.has(id)) {
      const next = new Set(this.fresh)
      next.delete(id)
      this.fresh = next
    }
    void this.detail.open(id)
  }

  #alert(event: IncidentEvent): void {
    const { incident } = event
    this.alerts += 1
    this.fresh = new Set(this.fresh).add(incident.id)
    if (this.tab !== 'active') this.tab = 'active'
    beep()
    const names = this.site.names
    const title = t(event.kind === 'escalated' ? 'inbox.reAlert' : 'inbox.newAlert', {
      category: names.category(incident.category),
    })
    const body = `${incident.code} · ${names.community(incident.community)} ${names.grid(incident.grid)}${incident.note ? `\n${incident.note}` : ''}`
    notify(title, body, incident.code, () => this.open(incident.id))
  }

  reset(): void {
    this.#generation += 1
    for (const off of this.#offs.splice(0)) off()
    this.feed.reset()
    this.detail.reset()
    this.tab = 'active'
    this.fresh = new Set()
    this.alerts = 0
    this.soundReady = false
    this.alertsChosen = false
    this.#department = null
    this.#username = null
  }
}

export const inboxState = new InboxState()
