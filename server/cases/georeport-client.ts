/**
 * A GeoReport v2 client for the district case system (JSON flavour): create requests, search them, resolve
 * tokens, post updates (FixMyStreet's servicerequestupdates), read updates. Answers are parsed, not trusted.
 */
import type { ListedRequest } from './case-marker.ts'

export class GeoReportError extends Error {
  /**
   * 4xx answers will not get better by retrying the same request, but the worker retries all: the far side
   * may be misconfigured for a while. `maybeApplied` is false only when the far side certainly did not act:
   * the connection was refused before anything was sent, or the case system itself answered an error.
   */
  constructor(
    message: string,
    readonly status: number | null,
    readonly maybeApplied: boolean,
  ) {
    super(message)
  }
}

export type CreateAnswer = { serviceRequestId: string } | { token: string }

export interface ExternalUpdate {
  update_id: string
  service_request_id: string
  status: string
  updated_datetime: string
  description: string
  external_status_code: string | null
}

export const DEFAULT_TIMEOUT_MS = 10_000

// Failures that happen before a single byte of the call leaves: the far side cannot have acted on it.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
])
// Gateways answering for a case system they could not hear back from: it may have acted all the same.
const GATEWAY_STATUSES = new Set([502, 504])

async function send(url: string, init: RequestInit, timeoutMs: number): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code
    throw new GeoReportError(
      `case system unreachable (${cause ?? (error as Error).name})`,
      null,
      cause === undefined || !NOT_SENT.has(cause),
    )
  }
  // A body cut off mid-way is an answer lost: the call was applied or not, nobody here can tell.
  const text = await response.text().catch(() => null)
  if (text === null) throw new GeoReportError('the case system answer was cut off', response.status, true)
  if (!response.ok) {
    let detail = text.slice(0, 200)
    try {
      const body = JSON.parse(text) as { description?: string }[]
      if (Array.isArray(body) && typeof body[0]?.description === 'string') detail = body[0].description
    } catch {
      /* not JSON: keep the text */
    }
    throw new GeoReportError(
      `case system answered ${response.status}: ${detail}`,
      response.status,
      GATEWAY_STATUSES.has(response.status),
    )
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new GeoReportError('case system answered something that is not JSON', response.status, true)
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null)

export class GeoReportClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly jurisdictionId: string | undefined,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  private get(path: string, query: URLSearchParams = new URLSearchParams()): Promise<unknown> {
    if (this.jurisdictionId) query.set('jurisdiction_id', this.jurisdictionId)
    const search = query.toString()
    return send(`${this.baseUrl}/${path}${search ? `?${search}` : ''}`, { method: 'GET' }, this.timeoutMs)
  }

  private form(fields: Record<string, string | undefined>): RequestInit {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries({ api_key: this.apiKey, jurisdiction_id: this.jurisdictionId, ...fields }))
      if (v !== undefined) body.set(k, v)
    return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }
  }

  /** The service_request_id, or the token a receiver gives while it has yet to make the request. */
  async createRequest(fields: Record<string, string | undefined>): Promise<CreateAnswer> {
    const answer = await send(`${this.baseUrl}/requests.json`, this.form(fields), this.timeoutMs)
    const first = Array.isArray(answer) ? (answer[0] as Record<string, unknown> | undefined) : undefined
    const id = str(first?.['service_request_id'])
    if (id) return { serviceRequestId: id }
    const token = str(first?.['token'])
    if (token) return { token }
    throw new GeoReportError('case system accepted the request but gave no service_request_id or token', 200, true)
  }

  /** The service_request_id a token became, or null while the receiver has not made the request yet. */
  async resolveToken(token: string): Promise<string | null> {
    const answer = await this.get(`tokens/${encodeURIComponent(token)}.json`)
    const first = Array.isArray(answer) ? (answer[0] as Record<string, unknown> | undefined) : undefined
    return str(first?.['service_request_id'])
  }

  /** Requests made in a window (on `requested_datetime`), with what a lookup by marker needs. */
  async requestsBetween(startIso: string, endIso: string, serviceCode: string): Promise<ListedRequest[]> {
    const answer = await this.get(
      'requests.json',
      new URLSearchParams({ start_date: startIso, end_date: endIso, service_code: serviceCode }),
    )
    const list = Array.isArray(answer) ? answer : (answer as { service_requests?: unknown[] } | null)?.service_requests
    if (!Array.isArray(list)) throw new GeoReportError('case system requests are not a list', 200, false)
    return list.flatMap((raw) => {
      const r = raw as Record<string, unknown>
      const id = str(r['service_request_id'])
      if (!id) return []
      return [
        {
          service_request_id: id,
          description: str(r['description']),
          requested_datetime: str(r['requested_datetime']),
        },
      ]
    })
  }

  async postUpdate(fields: Record<string, string | undefined>): Promise<void> {
    await send(`${this.baseUrl}/servicerequestupdates.json`, this.form(fields), this.timeoutMs)
  }

  async updatesSince(startIso: string, endIso: string): Promise<ExternalUpdate[]> {
    const answer = await this.get(
      'servicerequestupdates.json',
      new URLSearchParams({ start_date: startIso, end_date: endIso }),
    )
    const list = Array.isArray(answer)
      ? answer
      : (answer as { service_request_updates?: unknown[] } | null)?.service_request_updates
    if (!Array.isArray(list)) throw new GeoReportError('case system updates are not a list', 200, false)
    return list.flatMap((raw) => {
      const u = raw as Record<string, unknown>
      const update = {
        update_id: str(u['update_id']),
        service_request_id: str(u['service_request_id']),
        status: str(u['status']),
        updated_datetime: str(u['updated_datetime']),
      }
      if (
        !update.update_id ||
        !update.service_request_id ||
        !update.status ||
        !update.updated_datetime ||
        Number.isNaN(Date.parse(update.updated_datetime))
      )
        return []
      return [
        {
          ...update,
          description: str(u['description']) ?? '',
          external_status_code: str(u['external_status_code']),
        } as ExternalUpdate,
      ]
    })
  }
}
