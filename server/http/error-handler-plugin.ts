/**
 * One error handler: 4xx answers carry a message meant for people, 5xx answers hide what went wrong
 * (it is logged instead), and every body has the same shape (`ErrorBody`).
 */
import type { FastifyError } from 'fastify'
import fp from 'fastify-plugin'
import { HttpError } from './http-errors.ts'

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error instanceof HttpError ? error.statusCode : (error.statusCode ?? 500)
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed')
        return reply.status(status).send({
          statusCode: status,
          error: REASONS[status] ?? 'Error',
          message: 'internal error; the details are in the server log',
        })
      }
      const message = error.validation ? `invalid request: ${error.message}` : error.message
      return reply.status(status).send({ statusCode: status, error: REASONS[status] ?? 'Error', message })
    })
  },
  { name: 'error-handler' },
)
