/**
 * The site configuration and the camera list that the incident screens (board, inbox) name things with.
 * Loaded once per visit of the screen; `isCurrent` drops an answer that arrives after the screen was left.
 */
import type { CameraView, PublicConfig } from '../../../server/contracts/api.ts'
import { api } from '../api-client.ts'
import { handleError } from '../handle-error.ts'

export class SiteDirectory {
  config = $state<PublicConfig | null>(null)
  cameras = $state<CameraView[]>([])

  async load(isCurrent: () => boolean): Promise<void> {
    try {
      const [config, cameras] = await Promise.all([api.config(), api.cameras()])
      if (!isCurrent()) return
      this.config = config
      this.cameras = cameras.cameras
    } catch (error) {
      if (isCurrent()) handleError(error, 'errors.loadCameras')
    }
  }

  cameraName(id: string): string {
    return this.cameras.find((camera) => camera.id === id)?.name ?? id
  }

  reset(): void {
    this.config = null
    this.cameras = []
  }
}
