/**
 * A GeoReport v2 client for the district case system (JSON flavour): create requests, post updates
 * (FixMyStreet's servicerequestupdates), read updates. Answers are parsed, not trusted.
 */
export class GeoReportError extends Error {
  /** 4xx answers will not get better by retrying the same request, but the worker retries all: the far side may be misconfigured for a while. */
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message)
  }
}

export interface ExternalUpdate {
  update_id: string
  service_request_id: string
  status: string
  updated_datetime: string
  description: string
  external_status_code: string | null
}

const TIMEOUT_MS = 10_000

async function send(url: string, init: RequestInit): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) })
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code
    throw new GeoReportError(`case system unreachable (${cause ?? (error as Error).name})`, null)
  }
  const text = await response.text().catch(() => '')
  if (!response.ok) {
    let detail = text.slice(0, 200)
    try {
      const body = JSON.parse(text) as { description?: string }[]
      if (Array.isArray(body) && typeof body[0]?.description === 'string') detail = body[0].description
    } catch {
      /* not JSON: keep the text */
    }
    throw new GeoReportError(`case system answered ${response.status}: ${detail}`, response.status)
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new GeoReportError('case system answered something that is not JSON', response.status)
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null)

export class GeoReportClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly jurisdictionId: string | undefined,
  ) {}

  private form(fields: Record<string, string | undefined>): RequestInit {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries({ api_key: this.apiKey, jurisdiction_id: this.jurisdictionId, ...fields }))
      if (v !== undefined) body.set(k, v)
    return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }
  }

  /** Returns the service_request_id. */
  async createRequest(fields: Record<string, string | undefined>): Promise<string> {
    const answer = await send(`${this.baseUrl}/requests.json`, this.form(fields))
    const id = Array.isArray(answer)
      ? str((answer[0] as Record<string, unknown> | undefined)?.['service_request_id'])
      : null
    if (!id) throw new GeoReportError('case system accepted the request but gave no service_request_id', 200)
    return id
  }

  async postUpdate(fields: Record<string, string | undefined>): Promise<void> {
    await send(`${this.baseUrl}/servicerequestupdates.json`, this.form(fields))
  }

  async updatesSince(startIso: string, endIso: string): Promise<ExternalUpdate[]> {
    const query = new URLSearchParams({ start_date: startIso, end_date: endIso })
    if (this.jurisdictionId) query.set('jurisdiction_id', this.jurisdictionId)
    const answer = await send(`${this.baseUrl}/servicerequestupdates.json?${query}`, { method: 'GET' })
    const list = Array.isArray(answer)
      ? answer
      : (answer as { service_request_updates?: unknown[] } | null)?.service_request_updates
    if (!Array.isArray(list)) throw new GeoReportError('case system updates are not a list', 200)
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
