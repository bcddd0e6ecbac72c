/**
 * For tests: every JSON reply is checked against its route's declared response schema before fastify
 * serializes it. fast-json-stringify drops properties a schema does not name and coerces mismatched types,
 * so a schema that lags behind its handler would silently strip fields from what the web receives; here
 * every object in a response schema is closed (`additionalProperties: false`, intersections merged
 * first), so a field the schema forgot fails the request with a 500 and a line on stderr naming the route,
 * the status and the field. A JSON reply with no schema for its status fails the same way. Installed by
 * buildApp when `checkReplies` is set (server/testing/test-app.ts always sets it).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import { ErrorBody } from '../contracts/errors.ts'
import { isMediaReply } from '../contracts/replies.ts'

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** An intersection of object schemas as the one object it describes. */
function mergedIntersection(members: Json[]): Json | undefined {
  if (!members.every((m) => m['type'] === 'object' && isObject(m['properties']))) return undefined
  return {
    type: 'object',
    properties: Object.assign({}, ...members.map((m) => m['properties'])),
    required: [...new Set(members.flatMap((m) => (m['required'] as string[] | undefined) ?? []))],
  }
}

/** A copy of `schema` in which every object schema with named properties admits no others. */
export function closedSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closedSchema)
  if (!isObject(schema)) return schema
  const allOf = schema['allOf']
  if (Array.isArray(allOf)) {
    const merged = mergedIntersection(allOf.filter(isObject))
    if (merged) return closedSchema({ ...schema, ...merged, allOf: undefined })
  }
  const copy: Json = {}
  for (const [key, value] of Object.entries(schema)) {
    if (value === undefined) continue
    // `properties` and `patternProperties` map names to schemas; every other object value is a schema.
    copy[key] =
      (key === 'properties' || key === 'patternProperties') && isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, closedSchema(sub)]))
        : closedSchema(value)
  }
  if (copy['type'] === 'object' && isObject(copy['properties']) && copy['additionalProperties'] === undefined)
    copy['additionalProperties'] = false
  return copy
}

/** The schema fastify would serialize a reply with: exact status, then `4xx`, then `default`. */
export function declaredReply(response: unknown, status: number): unknown {
  if (!isObject(response)) return undefined
  return response[String(status)] ?? response[`${String(status)[0]}xx`] ?? response['default']
}

/** The first few problems: one forgotten field repeats for every row of a list. */
function describe(errors: ErrorObject[] | null | undefined): string {
  const all = errors ?? []
  const shown = all
    .slice(0, 3)
    .map((e) => {
      const extra = e.params['additionalProperty']
      const at = e.instancePath || '(body)'
      return typeof extra === 'string' ? `${at}: "${extra}" is not in the schema` : `${at}: ${e.message ?? e.keyword}`
    })
    .join('; ')
  return all.length > 3 ? `${shown}; and ${all.length - 3} more` : shown
}

export class ReplyContractError extends Error {
  override name = 'ReplyContractError'
}

// Shared by every app this process builds (tests build one per test): a schema is compiled once.
const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, allowMatchingProperties: true })
addFormats.default(ajv)
const compiled = new WeakMap<object, ValidateFunction>()
const validatorOf = (schema: object): ValidateFunction => {
  let validate = compiled.get(schema)
  if (!validate) {
    // JSON round trip: TypeBox's own markers are not JSON Schema keywords.
    validate = ajv.compile(closedSchema(JSON.parse(JSON.stringify(schema))) as object)
    compiled.set(schema, validate)
  }
  return validate
}

export function checkReplyContracts(app: FastifyInstance): void {
  app.addHook('preSerialization', async (request, reply, payload) => {
    const status = reply.statusCode
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`
    const response = request.routeOptions.schema?.response
    // fastify's not-found handler and routes without schemas still answer errors in the one error shape.
    let schema = declaredReply(response, status) ?? (status >= 400 ? ErrorBody : undefined)
    if (isMediaReply(schema)) schema = schema.content['application/json']?.schema
    const problem = !isObject(schema)
      ? `no JSON response schema for status ${status}`
      : validatorOf(schema)(payload)
        ? undefined
        : describe(validatorOf(schema).errors)
    if (problem === undefined) return payload
    const message = `reply contract: ${route} ${status}: ${problem}`
    process.stderr.write(`${message}\n`)
    throw new ReplyContractError(message)
  })
}
