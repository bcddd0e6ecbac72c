/**
 * One open incident with its timeline, and the calls that change it: transitions (always with the version
 * shown, so a stale screen gets 409 instead of overwriting), notes and photos. Live events about it extend
 * the timeline in place.
 */
import type {
  Action,
  Incident,
  IncidentEvent,
  IncidentWithTimeline,
  TransitionBody,
} from '../../../server/contracts/incidents.ts'
import { api, ApiError } from '../api-client.ts'
import { handleError } from '../handle-error.ts'
import { t } from '../i18n/i18n.svelte.ts'
import { notices } from '../notices.svelte.ts'
import { applyToDetail } from './incident-events.ts'
import { preparePhoto } from './photo-prepare.ts'

export const MAX_PHOTO_BYTES = 8 * 1024 * 1024

export type TransitionFields = Omit<TransitionBody, 'action' | 'version'>

export class IncidentDetail {
  detail = $state.raw<IncidentWithTimeline | null>(null)
  loading = $state(false)
  /** An action, note or photo is on its way: the buttons wait. */
  busy = $state(false)
  /** The last failure, shown beside the form that caused it. */
  error = $state<string | null>(null)
  /** Bumped by close() and reset(): answers about what was open before must not land. */
  #generation = 0
  /** Bumped by every open(): only the newest load lands. */
  #loads = 0

  /** Called with every incident a call returns, so the list shows it before its event arrives. */
  constructor(private readonly onChanged: (incident: Incident) => void = () => undefined) {}

  get id(): number | null {
    return this.detail?.id ?? null
  }

  async open(id: number): Promise<void> {
    if (this.detail?.id !== id) {
      this.#generation += 1
      this.detail = null
      this.error = null
    }
    const generation = this.#generation
    const load = ++this.#loads
    const current = (): boolean => generation === this.#generation && load === this.#loads
    this.loading = this.detail === null
    try {
      const detail = await api.incident(id)
      if (current()) this.detail = detail
    } catch (error) {
      if (current()) handleError(error, 'errors.loadIncident')
    } finally {
      if (current()) this.loading = false
    }
  }

  close(): void {
    this.#generation += 1
    this.detail = null
    this.loading = false
    this.error = null
  }

  apply(event: IncidentEvent): void {
    if (this.detail) this.detail = applyToDetail(this.detail, event)
  }

  /** Resolves true when the server took it. A 409 (changed meanwhile) reloads and says so. */
  async transition(action: Action, fields: TransitionFields = {}): Promise<boolean> {
    const detail = this.detail
    if (!detail) return false
    return this.#call(
      () => api.transition(detail.id, { action, ...fields, version: detail.version }),
      'errors.transition',
      detail.id,
    )
  }

  addNote(text: string): Promise<boolean> {
    const id = this.detail?.id
    if (id === undefined || text.trim() === '') return Promise.resolve(false)
    return this.#call(() => api.addNote(id, text.trim()), 'errors.addNote', id)
  }

  /** A phone's camera photo (HEIC, WebP, over the limit) is re-encoded as a JPEG first (photo-prepare.ts). */
  async uploadPhoto(file: File): Promise<boolean> {
    const id = this.detail?.id
    if (id === undefined) return false
    const photo = await preparePhoto(file, MAX_PHOTO_BYTES)
    if (photo === null) return this.#refuse(t('photo.type'))
    if (photo.size > MAX_PHOTO_BYTES) return this.#refuse(t('photo.tooLarge'))
    return this.#call(() => api.uploadPhoto(id, photo), 'errors.uploadPhoto', id)
  }

  async #refuse(message: string): Promise<boolean> {
    this.error = message
    return false
  }

  async #call(run: () => Promise<Incident>, fallback: Parameters<typeof handleError>[1], id: number): Promise<boolean> {
    const generation = this.#generation
    this.busy = true
    this.error = null
    try {
      const incident = await run()
      this.onChanged(incident)
      // The answer has the new fields; the timeline entry comes with the event or the reload.
      if (generation === this.#generation) await this.open(id)
      return true
    } catch (error) {
      if (generation !== this.#generation) return false
      this.error = handleError(error, fallback, { inline: true })
      // Someone moved it meanwhile: show what it is now, so the next click is made on the truth.
      if (error instanceof ApiError && error.status === 409) {
        notices.show(t('detail.stale'), 'info')
        await this.open(id)
      }
      return false
    } finally {
      if (generation === this.#generation) this.busy = false
    }
  }

  reset(): void {
    this.close()
    this.busy = false
  }
}
