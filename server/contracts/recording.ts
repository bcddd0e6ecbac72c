/**
 * Recording: which cameras are written to disk, when, at which quality and for how long
 * (`RecordingFile` is camera-config/recording.yaml), and what the playback API answers. No Node imports:
 * the web app imports these types.
 */
import { Type, type Static } from 'typebox'
import { Id } from './camera-config.ts'
import { Quality } from './media.ts'

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$', description: 'HH:MM, site time zone' })

/** A weekly window in the site's time zone: ISO weekdays (1 = Monday ... 7 = Sunday), from before to. */
export const RecordingWindow = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 }),
    from: Clock,
    to: Clock,
  },
  { additionalProperties: false },
)
export type RecordingWindow = Static<typeof RecordingWindow>

export const RecordingSchedule = Type.Union([
  Type.Literal('always'),
  Type.Array(RecordingWindow, { minItems: 1, maxItems: 28 }),
])
export type RecordingSchedule = Static<typeof RecordingSchedule>

/**
 * A rule picks cameras by id, category or community (any of them; a camera matching one is in). Rules
 * are in priority order: a camera is recorded by the first rule that picks it, and when the disk fills
 * up the recordings of the last rules stop first.
 */
export const RecordingRule = Type.Object(
  {
    id: Id,
    cameras: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 1000 })),
    categories: Type.Optional(Type.Array(Id, { minItems: 1 })),
    communities: Type.Optional(Type.Array(Id, { minItems: 1 })),
    quality: Quality,
    schedule: RecordingSchedule,
    retentionDays: Type.Integer({ minimum: 1, maximum: 3650, description: 'days a recording is kept' }),
  },
  { additionalProperties: false },
)
export type RecordingRule = Static<typeof RecordingRule>

/** A byte size as people write it: `500MiB`, `20GiB`, `2TB`. */
export const ByteSize = Type.String({
  pattern: '^[0-9]+(\\.[0-9]+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$',
  description: 'a size such as 500MiB, 20GiB or 2TB',
})

export const RecordingSettings = Type.Object(
  {
    /** The whole store's limit: past it, the oldest unlocked recordings are deleted. */
    quota: ByteSize,
    rules: Type.Array(RecordingRule, { maxItems: 200 }),
  },
  { additionalProperties: false },
)
export type RecordingSettings = Static<typeof RecordingSettings>

export const RecordingFile = {
  'recording.yaml': Type.Object({ recording: RecordingSettings }, { additionalProperties: false }),
}

const UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
}

/** `20GiB` -> 21474836480; undefined for anything ByteSize does not allow. */
export function parseByteSize(text: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]+)$/.exec(text)
  const unit = match && UNITS[match[2]!]
  return unit ? Math.floor(Number(match[1]) * unit) : undefined
}

/** A recorded stretch of one camera: adjacent segments merged. */
export const RecordedRange = Type.Object({
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
})

export const RecordingsAnswer = Type.Object({
  cameraId: Type.String(),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  ranges: Type.Array(RecordedRange),
  /** The stretches of [from, to] with no recording, between and around the ranges. */
  gaps: Type.Array(RecordedRange),
  /** Why the camera is not being recorded now, when it should be (contracts/errors.ts), or null. */
  reasonCode: Type.Union([Type.String(), Type.Null()]),
})
export type RecordingsAnswer = Static<typeof RecordingsAnswer>

/** POST /api/cameras/:id/exports: a recorded range to attach to an incident as evidence. */
export const ExportRequest = Type.Object(
  {
    start: Type.String({ maxLength: 40 }),
    end: Type.String({ maxLength: 40 }),
    /** The incident it becomes evidence of (a new one is flagged first, the usual way). */
    incidentId: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
)
export type ExportRequest = Static<typeof ExportRequest>

export const ExportAnswer = Type.Object({
  incidentId: Type.Integer(),
  incidentCode: Type.String(),
  cameraId: Type.String(),
  /** The evidence file's name (`export-<n>.mp4`), served by GET /api/incidents/:id/files/:name. */
  file: Type.String(),
  /** What the file holds: from the keyframe at or before the requested start to the end of the last piece. */
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
  seconds: Type.Number(),
  bytes: Type.Integer(),
  sha256: Type.String(),
  /** Stretches of the range with no recording: the file plays the recorded parts one after another. */
  gaps: Type.Array(RecordedRange),
})
export type ExportAnswer = Static<typeof ExportAnswer>
