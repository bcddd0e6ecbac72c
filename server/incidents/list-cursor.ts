/**
 * The opaque cursor of GET /api/incidents: where the next page starts (below the last incident id sent).
 * Keyset, not offset, so incidents reported while a client pages do not shift rows between pages.
 */
import { BadRequestError } from '../http/http-errors.ts'

export const encodeCursor = (lastId: number): string => Buffer.from(`before:${lastId}`).toString('base64url')

export function decodeCursor(cursor: string): number {
  const match = /^before:([1-9]\d{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!match)
    throw new BadRequestError(
      'request.cursor-invalid',
      {},
      'cursor: not a cursor from this list; use the "next" of the previous page',
    )
  return Number(match[1])
}
