/**
 * Reply shapes every route shares: the error body for any 4xx/5xx, "no body" for 204, and how a route that
 * answers something other than JSON (playlists, video, JPEG, CSV, HTML, Open311 documents) declares it:
 * fastify's per-content-type response form, `{ content: { 'text/csv': { schema } } }`, which fastify never
 * serializes through (those bodies are strings or buffers) and the route catalog reads. No Node imports.
 */
import { Type, type TSchema } from 'typebox'
import { ErrorBody } from './errors.ts'

/** Spread into every JSON route's `response`: its refusals and failures have one shape. */
export const ErrorReplies = { '4xx': ErrorBody, '5xx': ErrorBody }

/** A 204. */
export const NoContent = Type.Null({ description: 'no body' })

/** A reply declared by its content types, with a text or binary body. */
export interface MediaReply {
  description: string
  content: Record<string, { schema: TSchema }>
}

export function mediaReply(description: string, ...contentTypes: [string, ...string[]]): MediaReply {
  const body = Type.String({ description })
  return { description, content: Object.fromEntries(contentTypes.map((type) => [type, { schema: body }])) }
}

export function isMediaReply(schema: unknown): schema is MediaReply {
  return typeof schema === 'object' && schema !== null && 'content' in schema
}
