/**
 * The console as an Open311 GeoReport v2 endpoint under /open311/v2/, for the grid workers' app and the
 * service window: services from the event categories, requests in and out, updates; JSON and XML; errors in
 * the spec's shape (404 unknown, 403 api key, 400 anything else). A request becomes a `reported` incident.
 * Deviation: reading requests and updates also needs an api key (they are residents' reports).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { CameraConfig } from '../../contracts/camera-config.ts'
import { Open311Replies } from '../../contracts/cases.ts'
import type { Incident } from '../../contracts/incidents.ts'
import { IDEMPOTENCY_HEADER, idempotencyKeyOf, type IdempotencyKeys } from '../../incidents/idempotency.ts'
import type { IncidentService } from '../../incidents/incident-service.ts'
import { toIncident, type IncidentsRepository } from '../../incidents/incidents-repository.ts'
import { extendedStatus, openOrClosed } from '../case-status.ts'
import { contentTypeOf, render, renderErrors, type Format } from './georeport-format.ts'
import { locateGrid } from './grid-locator.ts'
import type { Open311Clients } from './open311-clients.ts'

export interface Open311Options {
  config: CameraConfig
  clients: Open311Clients
  service: IncidentService
  repo: IncidentsRepository
  idempotency: IdempotencyKeys
  jurisdictionId: string
}

class GeoReportFailure extends Error {
  constructor(
    readonly code: 400 | 403 | 404,
    message: string,
  ) {
    super(message)
  }
}
const bad = (message: string): never => {
  throw new GeoReportFailure(400, message)
}

type Form = Record<string, string | string[]>
const one = (form: Form, key: string): string | undefined => {
  const v = form[key]
  return Array.isArray(v) ? v[0] : v
}
const SEVERITY_VALUES = [
  ['low', '低'],
  ['normal', '一般'],
  ['high', '高'],
  ['urgent', '紧急'],
]
const DAY = 86_400_000
/** Every route here: open (requests check their api key themselves), answering GeoReport v2 documents. */
const spec = { config: { access: 'public' }, schema: { response: Open311Replies } } as const

/** `requests.json` -> ['requests', 'json']; anything else is not ours. */
function splitFormat(file: string): [string, Format] {
  const match = /^(.+)\.(json|xml)$/.exec(file)
  if (!match) throw new GeoReportFailure(404, 'unknown resource: use a .json or .xml suffix')
  return [match[1]!, match[2] as Format]
}

export const open311Routes: FastifyPluginAsync<Open311Options> = async (
  app,
  { config, clients, service, repo, idempotency, jurisdictionId },
) => {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => {
      const form: Form = {}
      for (const [key, value] of new URLSearchParams(String(body))) {
        const existing = form[key]
        form[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
      }
      done(null, form)
    },
  )

  const formatOf = (request: FastifyRequest): Format => (request.url.split('?')[0]!.endsWith('.xml') ? 'xml' : 'json')
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    // 422: an Idempotency-Key reused for another request, which a 400 would hide among bad fields.
    const code =
      error instanceof GeoReportFailure
        ? error.code
        : error.statusCode === 422
          ? 422
          : error.statusCode === 413 || error.statusCode === 415 || (error.statusCode ?? 500) < 500
            ? 400
            : 500
    if (code === 500) request.log.error({ err: error }, 'open311 request failed')
    const answer = renderErrors(formatOf(request), [
      { code, description: code === 500 ? 'internal error' : error.message },
    ])
    return reply.status(code).type(answer.contentType).send(answer.body)
  })
  app.setNotFoundHandler((request, reply) => {
    const answer = renderErrors(formatOf(request), [
      { code: 404, description: `unknown resource ${request.url.split('?')[0]}` },
    ])
    return reply.status(404).type(answer.contentType).send(answer.body)
  })

  const send = (reply: FastifyReply, format: Format, root: string, value: Parameters<typeof render>[2]) => {
    const answer = render(format, root, value)
    return reply.type(answer.contentType).send(answer.body)
  }
  const requireKey = (key: string | undefined): string =>
    clients.resolve(key) ??
    (() => {
      throw new GeoReportFailure(403, 'api_key is missing or not valid')
    })()
  const checkJurisdiction = (value: string | undefined): void => {
    if (value !== undefined && value !== jurisdictionId) bad(`jurisdiction_id: unknown jurisdiction "${value}"`)
  }
  const serviceOf = (code: string) => config.eventCategories.find((c) => c.id === code)
  const departmentName = (id: string | null) => (id ? (config.departments.find((d) => d.id === id)?.name ?? id) : null)

  const asRequest = (i: Incident) => ({
    service_request_id: i.code,
    status: openOrClosed(i.stage),
    status_notes: i.stage,
    service_name: serviceOf(i.category)?.name ?? i.category,
    service_code: i.category,
    description: i.note,
    agency_responsible: departmentName(i.lead),
    service_notice: '',
    requested_datetime: i.reportedAt,
    updated_datetime: i.updatedAt,
    expected_datetime: i.handleDueAt,
    address: i.address ?? '',
    address_id: '',
    zipcode: '',
    lat: i.location?.lat ?? '',
    long: i.location?.lng ?? '',
    media_url: '',
  })

  app.get<{ Params: { file: string } }>('/:file', spec, async (request, reply) => {
    const [name, format] = splitFormat(request.params.file)
    const query = request.query as Record<string, string | undefined>
    if (name === 'services') {
      checkJurisdiction(query['jurisdiction_id'])
      return send(
        reply,
        format,
        'services',
        config.eventCategories.map((c) => ({
          service_code: c.id,
          service_name: c.name,
          description: c.nameEn ?? c.name,
          metadata: true,
          type: 'realtime',
          keywords: [c.id],
          group: '雪亮工程',
        })),
      )
    }
    if (name === 'requests') {
      requireKey(query['api_key'])
      checkJurisdiction(query['jurisdiction_id'])
      return send(reply, format, 'service_requests', searchRequests(query).map(asRequest))
    }
    if (name === 'servicerequestupdates') {
      requireKey(query['api_key'])
      const { from, to } = window(query)
      const updates = repo.stageChangesBetween(from, to, 1000).map((e) => ({
        update_id: `${e.code}-t${e.id}`,
        service_request_id: e.code,
        status: extendedStatus(e.to_stage, e.close_reason),
        updated_datetime: e.at,
        description: e.text ?? '',
        media_url: '',
        external_status_code: e.to_stage,
      }))
      return send(reply, format, 'service_request_updates', updates)
    }
    throw new GeoReportFailure(404, `unknown resource ${name}`)
  })

  app.get<{ Params: { file: string } }>('/services/:file', spec, async (request, reply) => {
    const [code, format] = splitFormat(request.params.file)
    if (!serviceOf(code)) throw new GeoReportFailure(404, `unknown service_code "${code}"`)
    return send(reply, format, 'service_definition', {
      service_code: code,
      attributes: [
        {
          variable: true,
          code: 'severity',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: '紧急程度',
          order: 1,
          description: '紧急程度 severity',
          values: SEVERITY_VALUES.map(([key, name]) => ({ key, name })),
        },
      ],
    })
  })

  app.get<{ Params: { file: string } }>('/requests/:file', spec, async (request, reply) => {
    const [id, format] = splitFormat(request.params.file)
    requireKey((request.query as Record<string, string | undefined>)['api_key'])
    const row = repo.list({ limit: 1, code: id })[0]
    if (!row) throw new GeoReportFailure(404, `unknown service_request_id "${id}"`)
    return send(reply, format, 'service_requests', [asRequest(toIncident(row))])
  })

  app.post<{ Params: { file: string }; Body: Form | undefined }>('/:file', spec, async (request, reply) => {
    const [name, format] = splitFormat(request.params.file)
    if (name !== 'requests') throw new GeoReportFailure(404, `cannot POST ${name}`)
    const form =
      request.body && typeof request.body === 'object'
        ? request.body
        : bad('send the request as application/x-www-form-urlencoded')
    const client = requireKey(one(form, 'api_key'))
    const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_HEADER])
    checkJurisdiction(one(form, 'jurisdiction_id'))
    const code = one(form, 'service_code') ?? bad('service_code is required')
    if (!serviceOf(code)) bad(`service_code: unknown service "${code}"`)
    const description = one(form, 'description') ?? ''
    if (description.length > 4000) bad('description: at most 4000 characters')
    if (/<[a-z!/][^>]*>/i.test(description)) bad('description: no HTML')
    const severity = one(form, 'attribute[severity]')
    if (severity !== undefined && !SEVERITY_VALUES.some(([k]) => k === severity))
      bad(`attribute[severity]: one of ${SEVERITY_VALUES.map(([k]) => k).join(', ')}`)
    const latText = one(form, 'lat')
    const longText = one(form, 'long')
    const address = one(form, 'address_string') ?? one(form, 'address_id') ?? null
    let location: { lat: number; lng: number } | null = null
    if (latText !== undefined || longText !== undefined) {
      const lat = Number(latText)
      const lng = Number(longText)
      if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
        bad('lat and long: WGS84 degrees, both')
      location = { lat, lng }
    } else if (!address) bad('a location is required: lat and long, address_string or address_id')
    const grid = location ? locateGrid(config.grids, location.lat, location.lng) : undefined
    const name311 = [one(form, 'first_name'), one(form, 'last_name')].filter(Boolean).join(' ')
    const note = [description, name311 ? `（${name311}${one(form, 'phone') ? ` ${one(form, 'phone')}` : ''}）` : '']
      .join('')
      .trim()
    // The format is part of the request: the stored answer is the rendered body.
    const { api_key: _apiKey, ...fingerprinted } = form
    const answer = idempotency.once(`open311:${client}`, key, { format, form: fingerprinted }, () => {
      const incident = service.createExternal(
        { category: code, note, location, address, community: grid?.community ?? null, grid: grid?.id ?? null },
        client,
      )
      const rendered = render(format, 'service_requests', [
        { service_request_id: incident.code, service_notice: '已受理登记，坐席员将尽快处理', account_id: '' },
      ])
      return { status: 200, body: rendered.body }
    })
    if (answer.replayed) reply.header('idempotent-replayed', 'true')
    return reply.status(answer.status).type(contentTypeOf(format)).send(answer.body)
  })

  function window(query: Record<string, string | undefined>): { from: number; to: number } {
    const to = query['end_date'] ? Date.parse(query['end_date']) : Date.now()
    const from = query['start_date'] ? Date.parse(query['start_date']) : to - 90 * DAY
    if (Number.isNaN(from) || Number.isNaN(to)) bad('start_date and end_date: ISO 8601 dates')
    if (to - from > 90 * DAY) bad('the date range is at most 90 days')
    if (from > to) bad('start_date must be before end_date')
    return { from, to }
  }

  function searchRequests(query: Record<string, string | undefined>): Incident[] {
    if (query['service_request_id']) {
      return query['service_request_id']
        .split(',')
        .slice(0, 1000)
        .flatMap((id) => repo.list({ limit: 1, code: id.trim() }))
        .map(toIncident)
    }
    const { from, to } = window(query)
    const statuses = query['status']?.split(',').map((s) => s.trim())
    if (statuses?.some((s) => s !== 'open' && s !== 'closed')) bad('status: open, closed or both')
    return repo
      .list({
        since: new Date(from).toISOString(),
        limit: 5000,
        ...(query['service_code'] ? { category: query['service_code'] } : {}),
      })
      .map(toIncident)
      .filter((i) => Date.parse(i.reportedAt) <= to && (!statuses || statuses.includes(openOrClosed(i.stage))))
      .slice(0, 1000)
  }
}
