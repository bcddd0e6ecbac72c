/**
 * One error handler: every body has the same shape (`ErrorBody`: a code from the catalog, its params and
 * an English message), 4xx answers say what was wrong, and 5xx answers hide what went wrong (it is logged
 * instead) unless they are our own HttpErrors, whose text is written for people.
 */
import type { FastifyError } from 'fastify'
import fp from 'fastify-plugin'
import type { ErrorBody } from '../contracts/errors.ts'
import { HttpError } from './http-errors.ts'

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

type Coded = Pick<ErrorBody, 'code' | 'params' | 'message'>

interface ValidationIssue {
  instancePath?: string
  params?: Record<string, unknown>
  message?: string
}

/** The field an ajv issue is about, as a dotted path (`items.0.id`), or the part of the request. */
export function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const path = (issue.instancePath ?? '').split('/').filter(Boolean)
  const named = issue.params?.['missingProperty'] ?? issue.params?.['additionalProperty']
  if (typeof named === 'string') path.push(named)
  return path.length > 0 ? path.join('.') : (context ?? 'body')
}

/** fastify's own 4xx errors (validation, body parsing) as catalog codes. */
function codeFastifyError(error: FastifyError): Coded {
  const first = error.validation?.[0]
  if (first) {
    const field = fieldOf(first as ValidationIssue, error.validationContext)
    const problem = first.message ?? 'is not valid'
    return { code: 'request.invalid', params: { field, problem }, message: `invalid request: ${error.message}` }
  }
  if (error.statusCode === 413) return { code: 'request.body-too-large', params: {}, message: error.message }
  if (error.statusCode === 415) return { code: 'request.unsupported-media-type', params: {}, message: error.message }
  return { code: 'request.malformed', params: { problem: error.message }, message: error.message }
}

export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const ours = error instanceof HttpError
      const status = ours ? error.statusCode : (error.statusCode ?? 500)
      const send = (coded: Coded) =>
        reply.status(status).send({ statusCode: status, error: REASONS[status] ?? 'Error', ...coded })
      if (ours) {
        if (status >= 500) request.log.warn({ err: error }, 'request refused')
        return send({ code: error.code, params: error.params, message: error.message })
      }
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed')
        return send({
          code: 'server.internal',
          params: {},
          message: 'internal error; the details are in the server log',
        })
      }
      return send(codeFastifyError(error))
    })
  },
  { name: 'error-handler' },
)
