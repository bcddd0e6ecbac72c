/**
 * The push picker (上墙) shared by the console and the board: which monitor, which zone (default: its
 * alarm zone), for how long; push, or clear what is pushed on that monitor. Outcomes go to the notices.
 */
import type { WallMonitorSummary } from '../../server/contracts/wall.ts'
import { api } from './api-client.ts'
import { handleError } from './handle-error.ts'
import { locale, t } from './i18n/i18n.svelte.ts'
import { notices } from './notices.svelte.ts'
import { DEFAULT_PUSH_MINUTES, pushBody, type PushTarget } from './wall-push.ts'

class WallPush {
  target = $state.raw<PushTarget | null>(null)
  monitors = $state.raw<WallMonitorSummary[]>([])
  monitor = $state('')
  zone = $state('')
  minutes = $state(DEFAULT_PUSH_MINUTES)
  busy = $state(false)
  loaded = $state(false)

  get isOpen(): boolean {
    return this.target !== null
  }

  /** Opens the picker for `target`; the monitor list is read afresh (wall.yaml may have changed). */
  async open(target: PushTarget): Promise<void> {
    this.target = target
    this.zone = ''
    try {
      this.monitors = (await api.wallMonitors()).monitors
      if (!this.monitors.some((monitor) => monitor.id === this.monitor)) this.monitor = this.monitors[0]?.id ?? ''
    } catch (error) {
      handleError(error, 'push.errors.monitors')
    } finally {
      this.loaded = true
    }
  }

  monitorName(id: string): string {
    const monitor = this.monitors.find((m) => m.id === id)
    if (!monitor) return id
    return locale.language === 'en' ? (monitor.nameEn ?? monitor.name) : monitor.name
  }

  async push(): Promise<void> {
    const target = this.target
    if (!target || this.monitor === '' || this.busy) return
    this.busy = true
    try {
      await api.pushToWall(pushBody(target, { monitor: this.monitor, zone: this.zone, minutes: this.minutes }))
      notices.show(t('push.done', { monitor: this.monitorName(this.monitor) }), 'info')
      this.close()
    } catch (error) {
      handleError(error, 'push.errors.push')
    } finally {
      this.busy = false
    }
  }

  async clear(): Promise<void> {
    if (this.monitor === '' || this.busy) return
    this.busy = true
    try {
      await api.clearWall(this.monitor)
      notices.show(t('push.cleared', { monitor: this.monitorName(this.monitor) }), 'info')
      this.close()
    } catch (error) {
      handleError(error, 'push.errors.clear')
    } finally {
      this.busy = false
    }
  }

  close(): void {
    this.target = null
    this.loaded = false
  }
}

export const wallPush = new WallPush()
