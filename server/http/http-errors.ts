/**
 * Domain errors that carry their HTTP status. Routes and services throw these; the error handler sends
 * their message. Anything else is a 5xx whose text never reaches the client.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string) {
    super(400, message)
  }
}
export class UnauthorizedError extends HttpError {
  constructor(message = 'please log in') {
    super(401, message)
  }
}
export class ForbiddenError extends HttpError {
  constructor(message: string) {
    super(403, message)
  }
}
export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, message)
  }
}
export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message)
  }
}
