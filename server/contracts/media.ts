/** Live-video contracts: the running streams, as supervisors and the console see them. No Node imports. */
import { Type, type Static } from 'typebox'
import { ErrorParamsSchema, ReasonCode } from './errors.ts'

/** A camera's two streams: `main` full resolution, `sub` the small one tiles play. */
export const QUALITIES = ['main', 'sub'] as const
export const Quality = Type.Enum(QUALITIES)
export type Quality = (typeof QUALITIES)[number]
export const isQuality = (value: string): value is Quality => (QUALITIES as readonly string[]).includes(value)

export const StreamInfo = Type.Object({
  cameraId: Type.String(),
  quality: Quality,
  state: Type.Union([
    Type.Literal('starting'),
    Type.Literal('live'),
    Type.Literal('retrying'),
    Type.Literal('failed'),
    Type.Literal('stopped'),
  ]),
  /** Users watching it now. */
  viewers: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  restarts: Type.Integer(),
  bitrateBps: Type.Integer(),
  mode: Type.Union([Type.Literal('copy'), Type.Literal('transcode')]),
  codec: Type.Union([Type.String(), Type.Null()]),
  /** Why the stream is not live, in English; `reasonCode` (contracts/errors.ts) and its params say it for screens. */
  lastError: Type.Union([Type.String(), Type.Null()]),
  reasonCode: ReasonCode,
  reasonParams: ErrorParamsSchema,
})
export type StreamInfo = Static<typeof StreamInfo>

/**
 * A camera recording.yaml records: `recording` now, `off-schedule` (outside its windows), or `stopped`
 * with the reason (a full store, a write error, the stream limit).
 */
export const RecordingStatus = Type.Object({
  cameraId: Type.String(),
  quality: Quality,
  state: Type.Union([Type.Literal('recording'), Type.Literal('off-schedule'), Type.Literal('stopped')]),
  /** The recording.yaml rule that records it (rule order is priority). */
  rule: Type.String(),
  reasonCode: ReasonCode,
  reasonParams: ErrorParamsSchema,
})
export type RecordingStatus = Static<typeof RecordingStatus>

export const StreamList = Type.Object({
  streams: Type.Array(StreamInfo),
  /** Every camera the recording rules pick (absent when recording is off). */
  recordings: Type.Optional(Type.Array(RecordingStatus)),
})
export type StreamList = Static<typeof StreamList>
