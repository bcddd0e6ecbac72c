/**
 * The site as every screen sees it: its configuration (categories, communities, grids, departments), its
 * cameras with their health, its time zone, and names in the UI's language. Loaded once per sign-in, the
 * first time a screen asks; a screen that shows camera health follows `camera:status` while it is open.
 * Emptied when the user signs out, so the next user never sees the last one's site.
 */
import type { CameraView, PublicConfig } from '../../server/contracts/api.ts'
import type { CameraRecordingEvent, CameraStatusEvent } from '../../server/contracts/realtime-events.ts'
import { api } from './api-client.ts'
import { DEFAULT_TIME_ZONE } from '../../server/contracts/api.ts'
import { handleError } from './handle-error.ts'
import { locale } from './i18n/i18n.svelte.ts'
import { namesFrom } from './incidents/labels.ts'
import { realtime } from './realtime.ts'

export class SiteContext {
  config = $state<PublicConfig | null>(null)
  cameras = $state<CameraView[]>([])
  loading = $state(false)
  failed = $state(false)

  /** The site's zone for every time shown (the server's TIME_ZONE); the default until the config is in. */
  timeZone = $derived(this.config?.timeZone ?? DEFAULT_TIME_ZONE)
  /** Configured names (event categories, departments, communities, grids) in the UI's language. */
  names = $derived(namesFrom(this.config, locale.language))
  #byId = $derived(new Map(this.cameras.map((camera) => [camera.id, camera])))

  #user: string | null = null
  #pending: Promise<void> | null = null
  /** performance.now() when the cameras were last read from the server. */
  #camerasAt = -Infinity
  /** Bumped by reset(): an answer that arrives after sign-out must not fill the next user's site. */
  #generation = 0

  /** The signed-in user changed (null: signed out). Another user starts from an empty site. */
  switchUser(username: string | null): void {
    if (username === this.#user) return
    // From nobody to someone the site is already empty (and a screen may be loading it right now).
    if (this.#user !== null) this.reset()
    this.#user = username
  }

  /** Loads the site once; later calls share that load. A failed load is tried again by the next call. */
  load(): Promise<void> {
    if (this.config !== null) return Promise.resolve()
    if (this.#pending) return this.#pending
    const pending = this.#load().finally(() => {
      if (this.#pending === pending) this.#pending = null
    })
    this.#pending = pending
    return pending
  }

  async #load(): Promise<void> {
    const generation = this.#generation
    this.loading = true
    this.failed = false
    try {
      const [config, list] = await Promise.all([api.config(), api.cameras()])
      if (generation !== this.#generation) return
      this.config = config
      this.cameras = list.cameras
      this.#camerasAt = performance.now()
    } catch (error) {
      if (generation !== this.#generation) return
      this.failed = true
      handleError(error, 'errors.loadCameras')
    } finally {
      if (generation === this.#generation) this.loading = false
    }
  }

  /**
   * Keeps camera health current while a screen is open: `camera:status` events, and a quiet reload of the
   * list whenever events may have been missed (a reconnect, or a list read before this screen opened, while
   * no screen was listening). Returns the unsubscribe.
   */
  follow(): () => void {
    const since = performance.now()
    const offs = [
      realtime.on('camera:status', (event) => this.applyStatus(event)),
      realtime.on('camera:recording', (event) => this.applyRecording(event)),
      realtime.onConnect((reconnected) => {
        if (reconnected || this.#camerasAt < since) void this.refresh()
      }),
    ]
    return () => {
      for (const off of offs) off()
    }
  }

  /** A `camera:status` event: every screen's dots, counts and tile overlays follow it. */
  applyStatus(event: CameraStatusEvent): boolean {
    const index = this.cameras.findIndex((camera) => camera.id === event.cameraId)
    if (index === -1) return false
    const camera = this.cameras[index]!
    this.cameras[index] = { ...camera, status: event.status, statusSince: event.since }
    return true
  }

  /** A `camera:recording` event: the tile's and the details' recording problem follow it. */
  applyRecording(event: CameraRecordingEvent): boolean {
    const index = this.cameras.findIndex((camera) => camera.id === event.cameraId)
    if (index === -1) return false
    this.cameras[index] = { ...this.cameras[index]!, recordingProblem: event.problem }
    return true
  }

  /** Reloads the camera list quietly: on failure the screens keep what they had. */
  async refresh(): Promise<void> {
    const generation = this.#generation
    try {
      const list = await api.cameras()
      if (generation !== this.#generation) return
      this.cameras = list.cameras
      this.#camerasAt = performance.now()
    } catch {
      // The next reconnect or screen tries again.
    }
  }

  camera(id: string): CameraView | undefined {
    return this.#byId.get(id)
  }

  /** The camera's configured name, or its id for a camera the configuration no longer has. */
  cameraName(id: string): string {
    return this.#byId.get(id)?.name ?? id
  }

  reset(): void {
    this.#generation += 1
    this.#pending = null
    this.#camerasAt = -Infinity
    this.config = null
    this.cameras = []
    this.loading = false
    this.failed = false
  }
}

export const site = new SiteContext()
