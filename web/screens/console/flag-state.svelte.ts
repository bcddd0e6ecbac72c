/**
 * Flagging an incident from a tile: the dialog's form, the snapshot taken when it opened, possible
 * duplicates for the chosen category, the save, then an optional accept + dispatch in the same dialog.
 * "Add to this one" on a duplicate creates nothing: the note goes onto the existing incident, which opens
 * on the board (a second incident merged at once would only inflate the day's counts).
 */
import type { CameraView } from '../../../server/contracts/api.ts'
import type { Incident, Severity } from '../../../server/contracts/incidents.ts'
import { api } from '../../lib/api-client.ts'
import { newIdempotencyKey } from '../../lib/idempotency-key.ts'
import { handleError } from '../../lib/handle-error.ts'
import { t } from '../../lib/i18n/i18n.svelte.ts'
import { sendAtStage } from '../../lib/incidents/resend.ts'

export type FlagStep = 'form' | 'dispatch'

export class FlagState {
  camera = $state<CameraView | null>(null)
  step = $state<FlagStep>('form')
  /** An object URL of the JPEG fetched when the dialog opened; revoked on close. */
  snapshot = $state<string | null>(null)
  snapshotFailed = $state(false)
  category = $state('')
  severity = $state<Severity>('normal')
  note = $state('')
  duplicates = $state<Incident[]>([])
  checking = $state(false)
  busy = $state(false)
  error = $state<string | null>(null)
  created = $state<Incident | null>(null)
  /** ms from opening the dialog to the saved incident (measured for the report and the browser test). */
  savedAfterMs = $state<number | null>(null)
  #openedAt = 0
  /** One per flag, made when the dialog opens and sent with every try: a retry never reports twice. */
  #idempotencyKey = ''
  /** Bumped on every open and close: late answers about an earlier dialog are dropped. */
  #generation = 0

  get isOpen(): boolean {
    return this.camera !== null
  }

  start(camera: CameraView): void {
    this.close()
    const generation = this.#generation
    this.camera = camera
    this.#openedAt = performance.now()
    this.#idempotencyKey = newIdempotencyKey()
    // The picture of this moment, before the operator spends time on the form.
    api.snapshot(camera.id).then(
      (blob) => {
        if (generation === this.#generation) this.snapshot = URL.createObjectURL(blob)
      },
      () => {
        if (generation === this.#generation) this.snapshotFailed = true
      },
    )
  }

  async chooseCategory(category: string): Promise<void> {
    this.category = category
    this.error = null
    const camera = this.camera
    if (!camera || !category) {
      this.duplicates = []
      return
    }
    const generation = this.#generation
    this.checking = true
    try {
      const { incidents } = await api.duplicates(camera.id, category)
      if (generation === this.#generation && this.category === category) this.duplicates = incidents
    } catch (error) {
      if (generation === this.#generation) handleError(error, 'errors.duplicates')
    } finally {
      if (generation === this.#generation) this.checking = false
    }
  }

  /** Resolves the created incident, or null (the error is set beside the form). */
  async save(): Promise<Incident | null> {
    const camera = this.camera
    if (!camera || this.busy) return null
    if (!this.category) {
      this.error = t('flag.errors.category')
      return null
    }
    const generation = this.#generation
    this.busy = true
    this.error = null
    try {
      const note = this.note.trim()
      const incident = await api.createIncident(
        {
          cameraId: camera.id,
          category: this.category,
          severity: this.severity,
          ...(note ? { note } : {}),
        },
        this.#idempotencyKey,
      )
      if (generation !== this.#generation) return incident
      this.savedAfterMs = Math.round(performance.now() - this.#openedAt)
      this.created = incident
      this.step = 'dispatch'
      return incident
    } catch (error) {
      if (generation === this.#generation) this.error = handleError(error, 'errors.createIncident', { inline: true })
      return null
    } finally {
      if (generation === this.#generation) this.busy = false
    }
  }

  /** Instead of a new incident: the note (or a line saying where it was seen) onto the existing one. */
  async addToExisting(target: Incident): Promise<boolean> {
    const camera = this.camera
    if (!camera || this.busy) return false
    const generation = this.#generation
    this.busy = true
    try {
      await api.addNote(target.id, t('flag.addedNote', { camera: camera.name, note: this.note.trim() || '—' }))
      return true
    } catch (error) {
      if (generation === this.#generation) this.error = handleError(error, 'errors.addNote', { inline: true })
      return false
    } finally {
      if (generation === this.#generation) this.busy = false
    }
  }

  /**
   * Accept, then dispatch. A dispatch that fails after the accept leaves the incident accepted; trying
   * again skips the accept. Each step survives a 409 caused by the evidence landing (sendAtStage).
   */
  async dispatch(lead: string, assisting: string[]): Promise<boolean> {
    let incident = this.created
    if (!incident || this.busy) return false
    const generation = this.#generation
    this.busy = true
    this.error = null
    try {
      if (incident.stage === 'reported') {
        incident = await sendAtStage(
          incident,
          'reported',
          (version) => api.transition(incident!.id, { action: 'accept', version }),
          reload,
        )
        if (generation === this.#generation) this.created = incident
      }
      await sendAtStage(
        incident,
        'accepted',
        (version) => api.transition(incident!.id, { action: 'dispatch', lead, assisting, version }),
        reload,
      )
      return true
    } catch (error) {
      if (generation === this.#generation) this.error = handleError(error, 'errors.transition', { inline: true })
      return false
    } finally {
      if (generation === this.#generation) this.busy = false
    }
  }

  close(): void {
    this.#generation += 1
    if (this.snapshot) URL.revokeObjectURL(this.snapshot)
    this.camera = null
    this.step = 'form'
    this.snapshot = null
    this.snapshotFailed = false
    this.category = ''
    this.severity = 'normal'
    this.note = ''
    this.duplicates = []
    this.checking = false
    this.busy = false
    this.error = null
    this.created = null
  }

  reset(): void {
    this.close()
    this.savedAfterMs = null
  }
}

export const flagState = new FlagState()

const reload = (id: number): Promise<Incident> => api.incident(id)
