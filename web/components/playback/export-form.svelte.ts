/**
 * The export dialog's state: a range in the site's time, the incident it becomes evidence of (an open one,
 * this camera's first, or a new one flagged on the camera with a category), and the export itself, which
 * the server answers once the file is made and its SHA-256 is on the incident's timeline.
 */
import type { Incident } from '../../../server/contracts/incidents.ts'
import type { ExportAnswer } from '../../../server/contracts/recording.ts'
import { api } from '../../lib/api-client.ts'
import { handleError } from '../../lib/handle-error.ts'
import { t } from '../../lib/i18n/i18n.svelte.ts'
import { fromLocalInput, toLocalInput } from './site-time.ts'

/** What the server allows (export-routes.ts): checked here too, so the field says it before a round trip. */
export const EXPORT_MAX_MINUTES = 30

export class ExportForm {
  start = $state('')
  end = $state('')
  /** An incident's id, or 'new' to flag one on this camera first. */
  incident = $state<number | 'new'>('new')
  category = $state('')
  incidents = $state<Incident[]>([])
  busy = $state(false)
  error = $state<string | null>(null)
  result = $state<ExportAnswer | null>(null)

  constructor(
    readonly cameraId: string,
    startMs: number,
    endMs: number,
    readonly timeZone: string,
  ) {
    this.start = toLocalInput(startMs, timeZone)
    this.end = toLocalInput(endMs, timeZone)
  }

  /** Open incidents, this camera's first; the newest of this camera's is chosen. */
  async loadIncidents(): Promise<void> {
    try {
      const { incidents } = await api.incidents({ open: true, limit: 100 })
      const own = incidents.filter((incident) => incident.cameraId === this.cameraId)
      this.incidents = [...own, ...incidents.filter((incident) => incident.cameraId !== this.cameraId)]
      if (own[0]) this.incident = own[0].id
    } catch (error) {
      this.error = handleError(error, 'export.failed', { inline: true })
    }
  }

  /** The first problem with the fields, in the user's language; null when they can be sent. */
  check(): string | null {
    const startMs = fromLocalInput(this.start, this.timeZone)
    const endMs = fromLocalInput(this.end, this.timeZone)
    if (startMs === undefined) return t('export.errors.start')
    if (endMs === undefined) return t('export.errors.end')
    if (endMs <= startMs) return t('export.errors.order')
    if (endMs - startMs > EXPORT_MAX_MINUTES * 60_000)
      return t('export.errors.tooLong', { minutes: EXPORT_MAX_MINUTES })
    if (this.incident === 'new' && this.category === '') return t('export.errors.category')
    return null
  }

  async submit(): Promise<void> {
    if (this.busy) return
    this.error = this.check()
    if (this.error) return
    this.busy = true
    try {
      const incidentId =
        this.incident === 'new'
          ? (await api.createIncident({ cameraId: this.cameraId, category: this.category })).id
          : this.incident
      // Once made, a retry attaches to that incident rather than flagging another one.
      this.incident = incidentId
      this.result = await api.exportRecording(this.cameraId, {
        start: new Date(fromLocalInput(this.start, this.timeZone)!).toISOString(),
        end: new Date(fromLocalInput(this.end, this.timeZone)!).toISOString(),
        incidentId,
      })
    } catch (error) {
      this.error = handleError(error, 'export.failed', { inline: true })
    } finally {
      this.busy = false
    }
  }
}
