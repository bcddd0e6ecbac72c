/**
 * Feeds a LivePackager a hand-built one-frame-per-fragment stream on a fake clock that advances one
 * frame interval per frame, so cutting, eviction and blocking can be tested without ffmpeg or waiting.
 */
import type { LivePackager } from '../live-packager.ts'
import { buildFragment, buildInit } from './fmp4-builder.ts'

export interface CameraSpec {
  fps: number
  gopFrames: number
  frameBytes?: number
  timescale?: number
}

export class FakeClock {
  constructor(public ms = Date.UTC(2025, 0, 1, 8, 0, 0)) {}
  readonly now = (): number => this.ms
}

export class SyntheticCamera {
  private frame = 0
  private sequence = 1

  constructor(
    private readonly packager: LivePackager,
    private readonly clock: FakeClock,
    private spec: CameraSpec,
  ) {}

  /** A source (re)start: a new init, and media time starting again at zero as ffmpeg's does. */
  start(spec: Partial<CameraSpec> = {}): void {
    this.spec = { ...this.spec, ...spec }
    this.frame = 0
    this.packager.push(buildInit({ timescale: this.spec.timescale ?? 90_000 }))
  }

  /** Pushes `count` frames; `keyframeAt` overrides the GOP pattern (frame index -> keyframe?). */
  frames(count: number, keyframeAt?: (frame: number) => boolean): void {
    const timescale = this.spec.timescale ?? 90_000
    const frameTicks = timescale / this.spec.fps
    for (let index = 0; index < count; index++) {
      const keyframe = keyframeAt ? keyframeAt(this.frame) : this.frame % this.spec.gopFrames === 0
      this.clock.ms += 1000 / this.spec.fps
      this.packager.push(
        buildFragment(this.sequence++, Math.round(this.frame * frameTicks), [
          { duration: frameTicks, keyframe, size: this.spec.frameBytes ?? 1000 },
        ]),
      )
      this.frame++
    }
  }

  seconds(value: number): void {
    this.frames(Math.round(value * this.spec.fps))
  }
}
