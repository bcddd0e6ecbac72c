/**
 * How a camera's failure is answered over HTTP. The shared error handler hides every 5xx text, but here
 * the text is the point (and is ours, never the camera's raw answer with a URL): 504 when the camera did
 * not answer, 502 when it answered badly (refused password, no picture, SOAP fault).
 */
import type { FastifyReply } from 'fastify'
import type { ErrorBody } from '../contracts/errors.ts'
import { FAILURE_CODES, type CameraFailure } from './camera-failure.ts'

export function sendCameraFailure(
  reply: FastifyReply,
  cameraId: string,
  failure: CameraFailure,
  doing: string,
): FastifyReply {
  const status = failure.kind === 'unreachable' ? 504 : 502
  const body: ErrorBody = {
    statusCode: status,
    error: status === 504 ? 'Gateway Timeout' : 'Bad Gateway',
    code: FAILURE_CODES[failure.kind],
    params: {},
    message: `camera ${cameraId} could not ${doing}: ${failure.message}`,
  }
  return reply.status(status).send(body)
}
