/**
 * The case feed status on the board for supervisors and admins: polled every 10 s while the panel is
 * shown and the page visible, with a retry for each parked item.
 */
import type { CaseFeedStatus, ParkedItem } from '../../../server/contracts/cases.ts'
import { api } from '../../lib/api-client.ts'
import { handleError } from '../../lib/handle-error.ts'
import { t } from '../../lib/i18n/i18n.svelte.ts'
import { notices } from '../../lib/notices.svelte.ts'

export const FEED_POLL_MS = 10_000

export class FeedStatusState {
  status = $state<CaseFeedStatus | null>(null)
  /** The last poll failed: the figures shown are stale. */
  stale = $state(false)
  /** Outbox ids whose retry is on its way (their buttons are disabled). */
  retrying = $state<number[]>([])
  #generation = 0

  async load(): Promise<void> {
    const generation = this.#generation
    try {
      const status = await api.caseFeedStatus()
      if (generation !== this.#generation) return
      this.status = status
      this.stale = false
    } catch (error) {
      if (generation !== this.#generation) return
      // One banner when polling starts failing, not one every 10 s.
      if (!this.stale) handleError(error, 'errors.loadFeedStatus')
      this.stale = true
    }
  }

  async retry(item: ParkedItem): Promise<void> {
    if (this.retrying.includes(item.id)) return
    const generation = this.#generation
    this.retrying = [...this.retrying, item.id]
    try {
      await api.retryCaseFeed(item.id)
      if (generation !== this.#generation) return
      notices.show(t('feed.retried', { incident: item.incident ?? `#${item.incidentId}` }), 'info')
    } catch (error) {
      if (generation === this.#generation) handleError(error, 'errors.retryFeed')
    } finally {
      if (generation === this.#generation) this.retrying = this.retrying.filter((id) => id !== item.id)
    }
    await this.load()
  }

  /** Loads now and every FEED_POLL_MS while the page is visible (a hidden tab catches up on return). Returns the stop. */
  poll(): () => void {
    void this.load()
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.load()
    }, FEED_POLL_MS)
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void this.load()
    }
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      clearInterval(timer)
      document.removeEventListener('visibilitychange', onVisibility)
      this.reset()
    }
  }

  reset(): void {
    this.#generation += 1
    this.status = null
    this.stale = false
    this.retrying = []
  }
}
