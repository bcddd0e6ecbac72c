/**
 * The one way the web app talks to the server: JSON in and out, the session cookie sent same-origin,
 * and every non-2xx answer turned into an ApiError carrying the status and the server's problem (its
 * error code, the code's params and the English message).
 */
import type { CameraList, LoginBody, PublicConfig, SessionReply } from '../../server/contracts/api.ts'
import type { PtzCommand, PtzPresetList } from '../../server/contracts/camera-media.ts'
import type { CaseFeedStatus } from '../../server/contracts/cases.ts'
import { isErrorCode, type ErrorCode, type ErrorParamValue } from '../../server/contracts/errors.ts'
import type {
  CreateIncident,
  Incident,
  IncidentList,
  IncidentListQuery,
  IncidentPage,
  IncidentStats,
  IncidentWithTimeline,
  TransitionBody,
} from '../../server/contracts/incidents.ts'
import type { Quality, StreamList } from '../../server/contracts/media.ts'
import type { ExportAnswer, ExportRequest } from '../../server/contracts/recording.ts'
import type { PushBody, WallMonitorList, WallState } from '../../server/contracts/wall.ts'
import type {
  ConsoleState,
  ConsoleStateReply,
  CoverageReport,
  LayoutInput,
  LayoutList,
  PatrolLog,
  PatrolLogQuery,
  PrefetchInput,
  SavedLayout,
  Tour,
  TourDueList,
  TourInput,
  TourList,
  TourRun,
} from '../../server/contracts/patrol.ts'

/** What an error body says, read without trusting its shape (a proxy may answer with HTML). */
export interface ServerProblem {
  /** A code from the catalog (server/contracts/errors.ts); null when absent or unknown to this build. */
  code: ErrorCode | null
  params: Record<string, ErrorParamValue>
  /** The server's English `message`, when the body had one. */
  message: string | null
}

export function problemFromBody(body: unknown): ServerProblem {
  if (typeof body !== 'object' || body === null) return { code: null, params: {}, message: null }
  const { code, params, message } = body as { code?: unknown; params?: unknown; message?: unknown }
  const read: Record<string, ErrorParamValue> = {}
  if (typeof params === 'object' && params !== null)
    for (const [name, value] of Object.entries(params))
      if (typeof value === 'string' || typeof value === 'number') read[name] = value
  return {
    code: isErrorCode(code) ? code : null,
    params: read,
    message: typeof message === 'string' && message.trim() !== '' ? message : null,
  }
}

export class ApiError extends Error {
  readonly status: number
  readonly problem: ServerProblem

  /** `body`: the parsed error body, as the server sent it (or undefined when it was not JSON). */
  constructor(status: number, body: unknown, path: string) {
    const problem = problemFromBody(body)
    super(problem.message ?? `HTTP ${status} from ${path}`)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }
}

/** A 404: the route or the thing is not there (an older server, or deleted meanwhile). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export type Fetch = (input: string, init: RequestInit) => Promise<Response>

/**
 * Lets a screen keep unsent work when the session ends: a call answered 401 waits for the user to sign in
 * again in place and is then sent again, unchanged (its Idempotency-Key too), instead of failing.
 */
export interface SessionGuard {
  /** Counts sign-ins in place; a 401 to a call sent before the latest one is simply sent again. */
  readonly renewals: number
  /**
   * A call answered 401. Resolves true once the same user has signed in again (send it again), false when
   * they gave up (fail it with its 401); null when no sign-in in place applies (nobody signed in, the wall).
   */
  sessionLost(): Promise<boolean> | null
}

// A 401 from these is about the credentials or the sign-out itself, never an ended session to renew.
const NOT_RENEWED = new Set(['/api/auth/login', '/api/auth/logout', '/api/auth/me'])

export class ApiClient {
  readonly #fetch: Fetch
  #guard: SessionGuard | null = null

  // Late-bound so tests can stub globalThis.fetch after the client is created.
  constructor(fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init)) {
    this.#fetch = fetchImpl
  }

  /** From now on, a 401 waits for `guard` (see SessionGuard); null turns that off. */
  guardSession(guard: SessionGuard | null): void {
    this.#guard = guard
  }

  /** fetch, but a 401 for an ended session waits for a sign-in in place and is sent again. */
  async #send(path: string, init: RequestInit): Promise<Response> {
    for (;;) {
      const renewalsBefore = this.#guard?.renewals ?? 0
      const response = await this.#fetch(path, init)
      const guard = this.#guard
      if (response.status !== 401 || guard === null || NOT_RENEWED.has(path)) return response
      // Sent with the old cookie while the user was signing in again: the new one will do.
      if (guard.renewals !== renewalsBefore) continue
      const renewed = guard.sessionLost()
      if (renewed === null || !(await renewed)) return response
    }
  }

  async request<T>(
    method: Method,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders }
    const init: RequestInit = { method, headers, credentials: 'same-origin' }
    if (body !== undefined) {
      headers['content-type'] = 'application/json'
      init.body = JSON.stringify(body)
    }
    const response = await this.#send(path, init)
    const parsed = await readJson(response)
    if (!response.ok) throw new ApiError(response.status, parsed, path)
    return parsed as T
  }

  login(body: LoginBody): Promise<SessionReply> {
    return this.request('POST', '/api/auth/login', body)
  }

  me(): Promise<SessionReply> {
    return this.request('GET', '/api/auth/me')
  }

  async logout(): Promise<void> {
    await this.request('POST', '/api/auth/logout')
  }

  cameras(): Promise<CameraList> {
    return this.request('GET', '/api/cameras')
  }

  config(): Promise<PublicConfig> {
    return this.request('GET', '/api/config')
  }

  streams(): Promise<StreamList> {
    return this.request('GET', '/api/streams')
  }

  async ptz(cameraId: string, command: PtzCommand): Promise<void> {
    await this.request('POST', `/api/cameras/${encodeURIComponent(cameraId)}/ptz`, command)
  }

  ptzPresets(cameraId: string): Promise<PtzPresetList> {
    return this.request('GET', `/api/cameras/${encodeURIComponent(cameraId)}/ptz/presets`)
  }

  layouts(): Promise<LayoutList> {
    return this.request('GET', '/api/layouts')
  }

  createLayout(input: LayoutInput): Promise<SavedLayout> {
    return this.request('POST', '/api/layouts', input)
  }

  updateLayout(id: number, input: LayoutInput): Promise<SavedLayout> {
    return this.request('PUT', `/api/layouts/${id}`, input)
  }

  async deleteLayout(id: number): Promise<void> {
    await this.request('DELETE', `/api/layouts/${id}`)
  }

  consoleState(): Promise<ConsoleStateReply> {
    return this.request('GET', '/api/console-state')
  }

  async saveConsoleState(state: ConsoleState): Promise<void> {
    await this.request('PUT', '/api/console-state', state)
  }

  tours(): Promise<TourList> {
    return this.request('GET', '/api/tours')
  }

  createTour(input: TourInput): Promise<Tour> {
    return this.request('POST', '/api/tours', input)
  }

  updateTour(id: number, input: TourInput): Promise<Tour> {
    return this.request('PUT', `/api/tours/${id}`, input)
  }

  async deleteTour(id: number): Promise<void> {
    await this.request('DELETE', `/api/tours/${id}`)
  }

  startTourRun(tourId: number, dueAt?: string): Promise<TourRun> {
    return this.request('POST', `/api/tours/${tourId}/runs`, dueAt ? { dueAt } : {})
  }

  finishTourRun(runId: number, completed: boolean): Promise<TourRun> {
    return this.request('POST', `/api/tour-runs/${runId}/finish`, { completed })
  }

  toursDue(hours = 24): Promise<TourDueList> {
    return this.request('GET', `/api/tours/due?hours=${hours}`)
  }

  async prefetch(input: PrefetchInput): Promise<void> {
    await this.request('POST', '/api/streams/prefetch', input)
  }

  patrolLog(filter: PatrolLogQuery = {}): Promise<PatrolLog> {
    const query = new URLSearchParams()
    for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value)
    const text = query.toString()
    return this.request('GET', `/api/patrol/log${text ? `?${text}` : ''}`)
  }

  coverage(hours: number): Promise<CoverageReport> {
    return this.request('GET', `/api/patrol/coverage?hours=${hours}`)
  }

  /** The camera's picture now, as a JPEG blob (the flag dialog shows the moment of flagging). */
  async snapshot(cameraId: string): Promise<Blob> {
    const path = snapshotUrl(cameraId)
    const response = await this.#send(path, { method: 'GET', credentials: 'same-origin' })
    if (!response.ok) throw new ApiError(response.status, await readJson(response), path)
    return response.blob()
  }

  /** `idempotencyKey`: one per report, sent again on its retries, so a retry never reports twice. */
  createIncident(input: CreateIncident, idempotencyKey?: string): Promise<Incident> {
    return this.request('POST', '/api/incidents', input, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {})
  }

  /** One page of incidents, newest first; `lastSeq` is read before it, `next` continues the list. */
  incidents(query: IncidentListQuery = {}): Promise<IncidentPage> {
    const search = new URLSearchParams()
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') search.set(key, String(value))
    const text = search.toString()
    return this.request('GET', `/api/incidents${text ? `?${text}` : ''}`)
  }

  incident(id: number): Promise<IncidentWithTimeline> {
    return this.request('GET', `/api/incidents/${id}`)
  }

  duplicates(cameraId: string, category: string): Promise<IncidentList> {
    return this.request('GET', `/api/incidents/duplicates?${new URLSearchParams({ cameraId, category }).toString()}`)
  }

  /** A recorded range exported as an incident's evidence file (a remux on the server: seconds, not minutes). */
  exportRecording(cameraId: string, body: ExportRequest): Promise<ExportAnswer> {
    return this.request('POST', `/api/cameras/${encodeURIComponent(cameraId)}/exports`, body)
  }

  transition(id: number, body: TransitionBody): Promise<Incident> {
    return this.request('POST', `/api/incidents/${id}/transitions`, body)
  }

  addNote(id: number, text: string): Promise<Incident> {
    return this.request('POST', `/api/incidents/${id}/notes`, { text })
  }

  /** The photo goes as the raw request body (no multipart): the server checks type and magic bytes. */
  async uploadPhoto(id: number, photo: Blob): Promise<Incident> {
    const path = `/api/incidents/${id}/photos`
    const response = await this.#send(path, {
      method: 'POST',
      credentials: 'same-origin',
      body: photo,
      headers: { accept: 'application/json', 'content-type': photo.type },
    })
    const parsed = await readJson(response)
    if (!response.ok) throw new ApiError(response.status, parsed, path)
    return parsed as Incident
  }

  incidentStats(): Promise<IncidentStats> {
    return this.request('GET', '/api/incidents/stats')
  }

  /** What a wall monitor shows now; the monitor's id as in wall.yaml. */
  wallState(monitor: string): Promise<WallState> {
    return this.request('GET', `/api/wall/state?${new URLSearchParams({ monitor }).toString()}`)
  }

  /** The monitors with the zones of the preset each shows now (the push picker's choices). */
  wallMonitors(): Promise<WallMonitorList> {
    return this.request('GET', '/api/wall/monitors')
  }

  async pushToWall(body: PushBody): Promise<void> {
    await this.request('POST', '/api/wall/push', body)
  }

  async clearWall(monitor: string): Promise<void> {
    await this.request('DELETE', `/api/wall/push/${encodeURIComponent(monitor)}`)
  }

  /** Supervisors and admins only. */
  caseFeedStatus(): Promise<CaseFeedStatus> {
    return this.request('GET', '/api/case-feed/status')
  }

  /** Puts a parked outbox item back in the queue, its attempts reset. */
  async retryCaseFeed(outboxId: number): Promise<void> {
    await this.request('POST', `/api/case-feed/outbox/${outboxId}/retry`)
  }
}

/** 204 and non-JSON bodies read as undefined rather than throwing a SyntaxError that hides the status. */
async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined
  const text = await response.text()
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export const api = new ApiClient()

/** Links the browser opens itself (downloads, images), not fetched as JSON. */
/** In the UI's language: the CSV's headers follow it (the browser's Accept-Language may differ). */
export const coverageCsvUrl = (hours: number, language: 'zh-CN' | 'en'): string =>
  `/api/patrol/coverage.csv?hours=${hours}&lang=${language}`
export const snapshotUrl = (cameraId: string): string => `/api/cameras/${encodeURIComponent(cameraId)}/snapshot.jpg`
/** An incident's evidence: `snapshot.jpg`, `clip.mp4`, `photo-<n>.jpg|png`. */
export const incidentFileUrl = (id: number, name: string): string =>
  `/api/incidents/${id}/files/${encodeURIComponent(name)}`
export const livePlaylistUrl = (cameraId: string, quality: Quality): string =>
  `/live/${encodeURIComponent(cameraId)}/${quality}/index.m3u8`
