/**
 * Domain errors that carry their HTTP status and a code from the catalog (contracts/errors.ts) with its
 * parameters. Routes and services throw these; the error handler sends code, params and the English
 * message. Anything else is a 5xx whose text never reaches the client.
 *
 * The arguments are `(code, params, message)`, typed per code: a code missing from the catalog, or a
 * parameter it does not declare, does not compile.
 */
import type { ErrorCode, ErrorParams, ErrorParamValue, Problem } from '../contracts/errors.ts'

export type ErrorArgs = { [C in ErrorCode]: [code: C, params: ErrorParams<C>, message: string] }[ErrorCode]

export class HttpError extends Error {
  readonly code: ErrorCode
  readonly params: Record<string, ErrorParamValue>

  constructor(
    readonly statusCode: number,
    ...[code, params, message]: ErrorArgs
  ) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.params = params
  }
}

/** A problem found by a pure check, with its English text: `throw new BadRequestError(...coded(p))`. */
export type CodedProblem = Problem & { message: string }
export function coded(problem: CodedProblem): ErrorArgs {
  return [problem.code, problem.params, problem.message] as ErrorArgs
}

export class BadRequestError extends HttpError {
  constructor(...args: ErrorArgs) {
    super(400, ...args)
  }
}
export class UnauthorizedError extends HttpError {
  constructor(...args: ErrorArgs) {
    super(401, ...args)
  }
}
export class ForbiddenError extends HttpError {
  constructor(...args: ErrorArgs) {
    super(403, ...args)
  }
}
export class NotFoundError extends HttpError {
  constructor(...args: ErrorArgs) {
    super(404, ...args)
  }
}
export class ConflictError extends HttpError {
  constructor(...args: ErrorArgs) {
    super(409, ...args)
  }
}
export class RangeNotSatisfiableError extends HttpError {
  constructor(...args: ErrorArgs) {
    super(416, ...args)
  }
}
export class TooManyRequestsError extends HttpError {
  constructor(...args: ErrorArgs) {
    super(429, ...args)
  }
}
