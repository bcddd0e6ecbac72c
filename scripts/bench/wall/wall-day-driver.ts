/**
 * Plays a working day (wall-day.ts) against the wall benchmark's server, through its HTTP API as the room
 * does it: the administrator reports, accepts, dispatches, verifies, closes, archives and pushes; one
 * account per department acknowledges, starts and handles what it leads; the simulated fleet takes cameras
 * offline. A request that cannot reach the server (the --faults restart) is tried again every 2 s for up to
 * a minute; what still fails is counted, and the day goes on.
 */
import { randomBytes } from 'node:crypto'
import type { Incident, TransitionBody } from '../../../server/contracts/incidents.ts'
import { loadCameraConfig } from '../../../server/config/load-camera-config.ts'
import { WORKFLOW } from '../../../server/incidents/incident-workflow.ts'
import { dayCounts, planWorkingDay, type DayEvent } from './wall-day.ts'
import type { WallBenchServer } from './wall-server.ts'

const RETRY_FOR_MS = 60_000
const RETRY_EVERY_MS = 2000
const MONITOR = 'main'

export interface DayResult {
  planned: ReturnType<typeof dayCounts>
  done: ReturnType<typeof dayCounts>
  failed: number
  /** The first few failures, for the report. */
  failures: string[]
}

/** Why a request failed: `retry` when the server could not answer (restarting), otherwise for good. */
class RequestFailed extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message)
  }
}

export class WorkingDay {
  private readonly events: DayEvent[]
  private readonly incidents = new Map<number, Incident>()
  private readonly done = dayCounts([])
  private readonly failures: string[] = []
  private failed = 0
  private stopped = false
  private admin = ''
  private readonly departmentCookies = new Map<string, string>()
  private readonly departments: string[]

  constructor(
    private readonly server: WallBenchServer,
    minutes: number,
    private readonly log: (message: string) => void,
  ) {
    const config = loadCameraConfig(server.configDir)
    this.events = planWorkingDay({
      minutes,
      cameras: config.cameras.map((camera) => camera.id),
      dropCameras: config.cameras
        .filter((camera) => camera.categories.includes('trouble-spot'))
        .map((camera) => camera.id),
      categories: config.eventCategories.map((category) => category.id),
    })
    this.departments = config.departments.map((department) => department.id)
  }

  /** Signs in the administrator and one new account per department. */
  async prepare(): Promise<void> {
    const password = `day-${randomBytes(9).toString('base64url')}`
    const accounts = this.departments.map((department) => ({
      username: `day-${department}`,
      role: 'department',
      department,
      password,
    }))
    await this.server.addAccounts(accounts)
    this.admin = await this.server.login('admin', this.server.adminPassword)
    for (const account of accounts)
      this.departmentCookies.set(account.department, await this.server.login(account.username, password))
    const planned = dayCounts(this.events)
    this.log(`working day: ${JSON.stringify(planned)}`)
  }

  /** Runs the day's events at their times from `startedAt` (Date.now() milliseconds) until done or stopped. */
  async run(startedAt: number): Promise<void> {
    for (const event of this.events) {
      while (!this.stopped && Date.now() - startedAt < event.atMs)
        await sleep(Math.min(1000, event.atMs - (Date.now() - startedAt)))
      if (this.stopped) return
      try {
        await this.withRetry(() => this.play(event))
        this.done[event.kind]++
      } catch (error) {
        this.failed++
        const message = `${event.kind}${'action' in event ? ` ${event.action}` : ''}: ${error instanceof Error ? error.message : String(error)}`
        if (this.failures.length < 10) this.failures.push(message)
        this.log(`working day: ${message}`)
      }
    }
  }

  stop(): void {
    this.stopped = true
  }

  result(): DayResult {
    return { planned: dayCounts(this.events), done: { ...this.done }, failed: this.failed, failures: this.failures }
  }

  private async play(event: DayEvent): Promise<void> {
    switch (event.kind) {
      case 'report': {
        const body = { cameraId: event.camera, category: event.category, severity: event.severity }
        this.incidents.set(event.report, await this.request<Incident>(this.admin, 'POST', '/api/incidents', body))
        return
      }
      case 'step':
        return this.step(event.report, event)
      case 'push-camera':
        await this.request(this.admin, 'POST', '/api/wall/push', {
          monitor: MONITOR,
          camera: event.camera,
          seconds: event.seconds,
        })
        return
      case 'push-incident':
        await this.request(this.admin, 'POST', '/api/wall/push', {
          monitor: MONITOR,
          incident: this.incident(event.report).id,
          seconds: event.seconds,
        })
        return
      case 'clear':
        await this.request(this.admin, 'DELETE', `/api/wall/push/${MONITOR}`)
        return
      case 'camera-offline':
        // The fleet restarts with the server (--faults): try again as with a request.
        return this.server.setCameraOffline(event.camera, event.offline).catch((error: unknown) => {
          throw new RequestFailed(String(error), true)
        })
    }
  }

  private async step(report: number, event: Extract<DayEvent, { kind: 'step' }>): Promise<void> {
    const incident = this.incident(report)
    const body: TransitionBody = { action: event.action }
    if (event.action === 'reject') body.reason = 'not a matter for the centre'
    if (event.action === 'dispatch') body.lead = incident.suggestedLead ?? this.departments[0]!
    if (event.action === 'handle') body.note = 'handled on site'
    if (event.closeReason) body.closeReason = event.closeReason
    // Who may take the step is the workflow's rule: the lead department's account, or the centre's.
    const cookie =
      WORKFLOW[event.action].who === 'lead-department' ? this.departmentCookies.get(incident.lead ?? '') : this.admin
    if (!cookie) throw new Error(`no account of department ${incident.lead ?? '(none)'}`)
    const next = await this.request<Incident>(cookie, 'POST', `/api/incidents/${incident.id}/transitions`, body)
    this.incidents.set(report, next)
  }

  private incident(report: number): Incident {
    const incident = this.incidents.get(report)
    if (!incident) throw new Error(`report ${report} was not made`)
    return incident
  }

  private async request<T>(cookie: string, method: string, path: string, body?: object): Promise<T> {
    let response: Response
    try {
      response = await fetch(`${this.server.url}${path}`, {
        method,
        headers: { cookie, ...(body && { 'content-type': 'application/json' }) },
        body: body && JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      })
    } catch (error) {
      throw new RequestFailed(`${method} ${path}: ${String(error)}`, true)
    }
    if (!response.ok) {
      const text = await response.text()
      throw new RequestFailed(`${method} ${path}: HTTP ${response.status} ${text}`, response.status >= 500)
    }
    const text = await response.text()
    return (text ? JSON.parse(text) : undefined) as T
  }

  private async withRetry(attempt: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + RETRY_FOR_MS
    for (;;) {
      try {
        return await attempt()
      } catch (error) {
        if (!(error instanceof RequestFailed && error.retry) || Date.now() > deadline || this.stopped) throw error
        await sleep(RETRY_EVERY_MS)
      }
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, Math.max(0, ms)))
