/**
 * PTZ over ONVIF: move (ContinuousMove with a Timeout), stop, go to a preset, list presets. Every move is
 * also followed by a Stop from the server when its time is up, unless another command came first: a
 * browser closed mid-drag, or a camera that ignores Timeout, must not leave a camera turning.
 */
import { DEFAULT_PTZ_MOVE_MS, type PtzCommand, type PtzPreset } from '../../contracts/camera-media.ts'
import type { Logger } from '../../process/logger.ts'
import { CameraFailure } from '../camera-failure.ts'
import type { CameraSources, OnvifCameraSource } from '../camera-sources.ts'
import type { CameraStreamSources } from '../camera-stream-sources.ts'
import type { OnvifDevices } from '../onvif/onvif-devices.ts'
import { parsePresets } from '../onvif/onvif-parse.ts'
import { StreamSourceError } from '../stream-source.ts'

export class PtzUnknownCameraError extends Error {}
export class NoPtzError extends Error {}
export class PtzUnknownPresetError extends Error {
  constructor(
    message: string,
    readonly params: { camera: string; preset: string; presets: string },
  ) {
    super(message)
  }
}

export class PtzService {
  private readonly safetyStops = new Map<string, NodeJS.Timeout>()

  constructor(
    private readonly sources: CameraSources,
    private readonly streams: CameraStreamSources,
    private readonly devices: OnvifDevices,
    private readonly logger: Logger,
  ) {}

  async presets(cameraId: string): Promise<PtzPreset[]> {
    const { source, profileToken } = await this.target(cameraId)
    const answer = await this.devices.call(source, 'ONVIF GetPresets', (cam, cb) =>
      cam.getPresets({ profileToken }, cb),
    )
    return parsePresets(answer)
  }

  async command(cameraId: string, command: PtzCommand): Promise<void> {
    const { source, profileToken } = await this.target(cameraId)
    this.cancelSafetyStop(cameraId)
    switch (command.action) {
      case 'move': {
        const timeoutMs = command.timeoutMs ?? DEFAULT_PTZ_MOVE_MS
        await this.devices.call(source, 'ONVIF ContinuousMove', (cam, cb) =>
          cam.continuousMove(
            { profileToken, x: command.pan, y: command.tilt, zoom: command.zoom, timeout: timeoutMs },
            cb,
          ),
        )
        const timer = setTimeout(() => {
          this.safetyStops.delete(cameraId)
          this.stop(source, profileToken).catch((error: unknown) =>
            this.logger.warn(
              { camera: cameraId, detail: error instanceof Error ? error.message : String(error) },
              'PTZ safety stop failed',
            ),
          )
        }, timeoutMs)
        timer.unref()
        this.safetyStops.set(cameraId, timer)
        return
      }
      case 'stop':
        return this.stop(source, profileToken)
      case 'preset': {
        // A camera answers an unknown token with a bare SOAP fault; ask first, so the operator learns which
        // presets there are instead of "the camera refused".
        const presets = parsePresets(
          await this.devices.call(source, 'ONVIF GetPresets', (cam, cb) => cam.getPresets({ profileToken }, cb)),
        )
        if (!presets.some((p) => p.token === command.preset)) {
          const known = presets.map((p) => p.token).join(', ')
          throw new PtzUnknownPresetError(
            `camera ${cameraId} has no preset "${command.preset}"` +
              (presets.length > 0 ? ` (its presets: ${known})` : ' (it has none)'),
            { camera: cameraId, preset: command.preset, presets: known || '-' },
          )
        }
        await this.devices.call(source, 'ONVIF GotoPreset', (cam, cb) =>
          cam.gotoPreset({ profileToken, preset: command.preset }, cb),
        )
      }
    }
  }

  close(): void {
    for (const timer of this.safetyStops.values()) clearTimeout(timer)
    this.safetyStops.clear()
  }

  private async stop(source: OnvifCameraSource, profileToken: string): Promise<void> {
    await this.devices.call(source, 'ONVIF Stop', (cam, cb) =>
      cam.stop({ profileToken, panTilt: true, zoom: true }, cb),
    )
  }

  private cancelSafetyStop(cameraId: string): void {
    clearTimeout(this.safetyStops.get(cameraId))
    this.safetyStops.delete(cameraId)
  }

  private async target(cameraId: string): Promise<{ source: OnvifCameraSource; profileToken: string }> {
    const source = this.sources.get(cameraId)
    if (!source) throw new PtzUnknownCameraError(`no camera "${cameraId}"`)
    if (!source.ptz) throw new NoPtzError(`camera ${cameraId} has no PTZ (the configuration says ptz: false)`)
    if (source.type !== 'onvif')
      throw new NoPtzError(`camera ${cameraId} is configured by RTSP URL; PTZ needs its ONVIF address`)
    try {
      const media = await this.streams.media(source)
      if (!media.ptzProfileToken) throw new NoPtzError(`camera ${cameraId} reports no PTZ configuration over ONVIF`)
      return { source, profileToken: media.ptzProfileToken }
    } catch (error) {
      if (error instanceof StreamSourceError)
        throw new CameraFailure(
          error.kind === 'auth-failed' || error.kind === 'unreachable' ? error.kind : 'offline',
          error.message,
        )
      throw error
    }
  }
}
