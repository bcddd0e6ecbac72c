/**
 * Request validation that rejects instead of repairing. JSON bodies are taken as sent: no type coercion
 * (`note: 12345` is not a string), no silently dropped fields (a schema that closes its properties
 * answers 400 naming the stranger). Query strings and path parameters arrive as text, so they are coerced,
 * but only from plain decimal numerals: `Infinity`, `0x10`, `1e3` and `' 7'` are refused, not read as
 * numbers.
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance, FastifySchema } from 'fastify'

// fastify's own defaults, less the two repairs; allErrors stays off (a crafted body could make it slow).
const COMMON: Options = { useDefaults: true, removeAdditional: false, allErrors: false, addUsedSchema: false }

const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...COMMON, ...options })
  addFormats.default(ajv)
  return ajv
}

/** Fields of `raw` (text as received) that became numbers without being decimal numerals. */
function nonDecimalNumbers(raw: Record<string, unknown>, coerced: Record<string, unknown>): string[] {
  const bad: string[] = []
  for (const [key, value] of Object.entries(coerced)) {
    const texts = Array.isArray(raw[key]) ? (raw[key] as unknown[]) : [raw[key]]
    const numbers = Array.isArray(value) ? value : [value]
    if (numbers.some((n) => typeof n === 'number') && texts.some((t) => typeof t === 'string' && !DECIMAL.test(t)))
      bad.push(key)
  }
  return bad
}

function textValidator(validate: ValidateFunction): ValidateFunction {
  const wrapped = ((data: unknown) => {
    const raw = data !== null && typeof data === 'object' ? { ...(data as Record<string, unknown>) } : {}
    if (!validate(data)) {
      wrapped.errors = validate.errors
      return false
    }
    const bad = data !== null && typeof data === 'object' ? nonDecimalNumbers(raw, data as Record<string, unknown>) : []
    if (bad.length === 0) return true
    wrapped.errors = bad.map((key): ErrorObject => ({
      instancePath: `/${key}`,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'number' },
      message: 'must be a decimal number',
    }))
    return false
  }) as ValidateFunction
  return wrapped
}

// Shared by every app this process builds: ajv keeps what it compiled by schema object, and routes declare
// their schemas as module constants, so a second app (tests build one per test) compiles none of them.
const bodies = makeAjv({ coerceTypes: false })
const texts = makeAjv({ coerceTypes: 'array' })

export function useStrictValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) =>
    httpPart === 'body' ? bodies.compile(schema) : textValidator(texts.compile(schema)),
  )
}
