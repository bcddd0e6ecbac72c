/**
 * Exactly once without the receiver's help: a request goes out with a marker in its description, and when
 * an attempt's outcome is unknown (a timeout, a connection reset after sending, a lost answer, a crash before
 * the answer was recorded) the next attempt first searches the case system for that marker. Found: that is
 * our case, nothing is sent again. Not found: the earlier attempt never arrived, so it is sent again.
 */
import { randomUUID } from 'node:crypto'
import type { Logger } from '../process/logger.ts'
import { describeWithMarker, findMarked, halves, lookupWindows, markerFor, type SearchWindow } from './case-marker.ts'
import type { CaseOutbox, OutboxItem } from './case-outbox.ts'
import { GeoReportError, type GeoReportClient } from './georeport-client.ts'

/** The spec's cap on one search answer: a full answer may have left our request out. */
export const SEARCH_RESULT_LIMIT = 1000
// Halving a full window 10 times narrows 90 days to about two hours.
const MAX_SPLITS = 10

export interface ServiceRequestFields {
  service_code: string
  description: string
  [field: string]: string | undefined
}

/** How many of each step, since the process started: the figures in docs/open311.md come from these. */
export interface DeliveryCounts {
  sends: number
  lookups: number
  foundByLookup: number
  tokensResolved: number
}

export class RequestDelivery {
  readonly counts: DeliveryCounts = { sends: 0, lookups: 0, foundByLookup: 0, tokensResolved: 0 }

  constructor(
    private readonly outbox: CaseOutbox,
    private readonly client: GeoReportClient,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly newUuid: () => string = randomUUID,
  ) {}

  /** The case system's id for the item's request: through its token, found by its marker, or by sending it. */
  async serviceRequestId(item: OutboxItem, incidentCode: string, fields: ServiceRequestFields): Promise<string> {
    if (item.receiver_token) return this.resolveToken(item.receiver_token)
    if (item.outcome_unknown && item.marker) {
      const found = await this.lookUp(item, item.marker, fields.service_code)
      if (found) return found
    }
    const marker = item.marker ?? markerFor(incidentCode, this.newUuid())
    this.outbox.sending(item.id, marker)
    this.counts.sends++
    let answer
    try {
      answer = await this.client.createRequest({
        ...fields,
        description: describeWithMarker(fields.description, marker),
      })
    } catch (error) {
      if (error instanceof GeoReportError && !error.maybeApplied)
        this.outbox.outcomeKnown(item.id, !!item.outcome_unknown)
      throw error
    }
    if ('serviceRequestId' in answer) return answer.serviceRequestId
    this.outbox.tokenReceived(item.id, answer.token)
    return this.resolveToken(answer.token)
  }

  private async resolveToken(token: string): Promise<string> {
    const id = await this.client.resolveToken(token)
    // Not a failure of the case system, but the retry back-off is the right pace to ask again.
    if (!id) throw new GeoReportError(`the case system has not made a request of token "${token}" yet`, 200, false)
    this.counts.tokensResolved++
    return id
  }

  private async lookUp(item: OutboxItem, marker: string, serviceCode: string): Promise<string | null> {
    this.counts.lookups++
    const firstSent = Date.parse(item.first_sent_at ?? item.created_at)
    for (const window of lookupWindows(firstSent, this.now())) {
      const found = await this.search(window, marker, serviceCode, 0)
      if (found) {
        this.counts.foundByLookup++
        this.logger.info(
          { outbox: item.id, marker, serviceRequestId: found },
          'case found by its marker: not sent again',
        )
        return found
      }
    }
    this.logger.info({ outbox: item.id, marker }, 'case not found by its marker: sending it again')
    return null
  }

  private async search(
    window: SearchWindow,
    marker: string,
    serviceCode: string,
    splits: number,
  ): Promise<string | null> {
    const listed = await this.client.requestsBetween(window.start, window.end, serviceCode)
    const marked = findMarked(listed, marker)
    if (marked.length > 1)
      this.logger.warn(
        { marker, ids: marked.map((r) => r.service_request_id) },
        'the case system holds this request more than once: the oldest is kept',
      )
    if (marked[0]) return marked[0].service_request_id
    if (listed.length < SEARCH_RESULT_LIMIT) return null
    if (splits >= MAX_SPLITS)
      // Sending again could duplicate, so this attempt fails and a later one searches again.
      throw new GeoReportError('too many requests around the send time to search them all for our marker', null, true)
    for (const half of halves(window)) {
      const found = await this.search(half, marker, serviceCode, splits + 1)
      if (found) return found
    }
    return null
  }
}
