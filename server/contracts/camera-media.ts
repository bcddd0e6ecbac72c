/**
 * HTTP contracts of the camera media routes: snapshots and PTZ. No Node imports: the web imports these.
 */
import { Type, type Static } from 'typebox'
import { Id } from './camera-config.ts'

export const CameraIdParams = Type.Object({ id: Id })
export type CameraIdParams = Static<typeof CameraIdParams>

const Speed = Type.Number({ minimum: -1, maximum: 1, description: 'velocity, -1 (left/down/out) to 1 (right/up/in)' })

/** ONVIF tokens are free text in the standard; ours go into XML, so only safe characters pass. */
export const PresetToken = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$', description: 'ONVIF preset token' })

// No `additionalProperties: false` on the members of this union: fastify's Ajv removes additional
// properties while trying each member, so the first member would strip `preset` from a preset command.
export const PtzMove = Type.Object({
  action: Type.Literal('move'),
  pan: Speed,
  tilt: Speed,
  zoom: Speed,
  /** The camera stops by itself after this long (ONVIF Timeout), and the server sends Stop too. */
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 30_000 })),
})

export const PtzStop = Type.Object({ action: Type.Literal('stop') })

export const PtzGotoPreset = Type.Object({ action: Type.Literal('preset'), preset: PresetToken })

export const PtzCommand = Type.Union([PtzMove, PtzStop, PtzGotoPreset])
export type PtzCommand = Static<typeof PtzCommand>

export const PtzPreset = Type.Object({ token: Type.String(), name: Type.String() })
export type PtzPreset = Static<typeof PtzPreset>

export const PtzPresetList = Type.Object({ presets: Type.Array(PtzPreset) })
export type PtzPresetList = Static<typeof PtzPresetList>

/** How long a move runs when the request names no timeout: a lost "stop" must not spin a camera forever. */
export const DEFAULT_PTZ_MOVE_MS = 2_000
