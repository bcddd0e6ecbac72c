/**
 * A fault test, not a timed one: the real server process is killed (SIGKILL, by PID) five times at seeded
 * random moments while a driver reports, accepts and dispatches incidents, and restarted each time on the
 * same port and data directory. The driver behaves as the console does: one Idempotency-Key per report,
 * sent again on every retry; a step of the loop re-read and sent again when its answer was lost. Two
 * socket.io clients (the centre and the police department) follow the events throughout, reconnecting with
 * their last sequence. At the end: nothing lost, nothing duplicated, and both clients hold exactly the
 * events the store has for them, each once.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Incident, IncidentEvent, IncidentPage } from '../contracts/incidents.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { freePort, writeTestCameraConfig } from '../testing/test-camera-config.ts'
import { startTestServer, type TestServer } from '../testing/test-server.ts'
import { waitFor } from '../testing/wait-for.ts'
import { addUserWithCli } from '../testing/wall-fixture.ts'

const SEED = Number(process.env['FAULT_SEED'] ?? 20261203)
const INCIDENTS = 24
const KILLS = 5
const POLICE = { username: 'pd-fault', password: 'police-fault-1', role: 'department', department: 'police' }

const data = makeTempDir('dispatch-faults')
let port: number
let server: TestServer
const clients: Socket[] = []

/** mulberry32: a small seeded generator, so a failing run can be repeated with FAULT_SEED. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// The shipped organisation with only the cameras reported on: the shipped 320 would be read again at each
// of the six starts.
const config = makeTempDir('dispatch-faults-config')

function start(): Promise<TestServer> {
  return startTestServer({
    dataDir: data.path,
    cameraConfigDir: config.path,
    env: { PORT: String(port), ADMIN_PASSWORD: 'fault-test-admin', CAMERA_HEALTH_INTERVAL_S: '0' },
  })
}

beforeAll(async () => {
  port = await freePort()
  // No fleet runs (test servers start none): nothing here watches video.
  writeTestCameraConfig(config.path, { rtspPort: await freePort(), httpPort: await freePort() }, INCIDENTS)
  server = await start()
  await addUserWithCli({ dataDir: data.path, configDir: config.path }, POLICE)
})

afterAll(async () => {
  for (const client of clients) client.close()
  await server?.close()
  data.remove()
  config.remove()
})

/** Follows incident events as a screen does: reconnects by itself and asks for what it missed. */
class Follower {
  readonly received: number[] = []
  readonly resyncs: string[] = []
  lastSeq = 0
  readonly socket: Socket

  constructor(url: string, cookie: string) {
    this.socket = io(url, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      // Asked again on every reconnection: the replay starts after the newest event seen.
      auth: (send) => send({ lastSeq: this.lastSeq }),
      reconnectionDelay: 200,
      reconnectionDelayMax: 1_000,
    })
    this.socket.on('incident:event', (event: IncidentEvent) => {
      this.received.push(event.seq)
      this.lastSeq = Math.max(this.lastSeq, event.seq)
    })
    this.socket.on('incident:resync', (event: { reason: string }) => this.resyncs.push(event.reason))
    // A refusal while the server starts: socket.io stops retrying by itself then.
    this.socket.on('connect_error', () => {
      if (!this.socket.active) setTimeout(() => this.socket.connect(), 500)
    })
    clients.push(this.socket)
  }

  /** Each sequence once, in the order first received. */
  get distinct(): number[] {
    return [...new Set(this.received)]
  }
}

/** The store's event sequences, all of them or those one department may see. */
function storedSeqs(department?: string): number[] {
  const db = new Database(join(data.path, 'console.db'), { readonly: true, fileMustExist: true })
  try {
    const sql = department
      ? `SELECT seq FROM incident_events WHERE EXISTS (SELECT 1 FROM json_each(departments) WHERE value = ?) ORDER BY seq`
      : 'SELECT seq FROM incident_events ORDER BY seq'
    const statement = db.prepare(sql).pluck()
    return (department ? statement.all(department) : statement.all()) as number[]
  } finally {
    db.close()
  }
}

describe('the server killed mid-dispatch five times', () => {
  it('loses nothing, duplicates nothing, and every client catches up', async () => {
    const random = seeded(SEED)
    const cookie = await server.login()
    const centre = new Follower(server.url, cookie)
    const police = new Follower(server.url, await server.login(POLICE.username, POLICE.password))
    await waitFor(() => centre.socket.connected && police.socket.connected, 30_000, 'both followers connected')

    // Where to kill: during the first try of one step of one incident. Half the kills wait until the store
    // has committed the step and then lose its answer (the case the Idempotency-Key is for, and a step
    // found already done); the others kill as soon as the request is sent (committed or not, by chance).
    // Every other kill is during a report.
    type Step = 'create' | 'accept' | 'dispatch'
    type Moment = 'after-commit' | 'in-flight'
    const killPlan = new Map<string, Moment>()
    for (let k = 0; killPlan.size < KILLS; k++) {
      const step: Step = k % 2 === 0 ? 'create' : random() < 0.5 ? 'accept' : 'dispatch'
      killPlan.set(
        `${2 + Math.floor(random() * (INCIDENTS - 1))}:${step}`,
        random() < 0.5 ? 'after-commit' : 'in-flight',
      )
    }
    let requests = 0
    let restarting: Promise<void> | null = null
    /** What each kill hit: `<moment> <step>`. */
    const kills: string[] = []
    const counts = { retries: 0, lostAnswers: 0, replayedCreates: 0, conflicts: 0 }

    const killAndRestart = async (): Promise<void> => {
      process.kill(server.pid, 'SIGKILL')
      await server.close()
      server = await start()
    }

    /**
     * One HTTP call; network failures reject. A kill planned for `step` ends the server while the call is
     * out (right away, or once `committed` says the store has it) and the driver never reads its answer,
     * as a client that timed out: only the retry says what happened.
     */
    async function call(
      method: string,
      path: string,
      body?: object,
      headers: Record<string, string> = {},
      kill?: { step: string; committed: () => boolean },
    ) {
      if (restarting) await restarting
      requests += 1
      const send = (): Promise<Response> =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
          ...(body ? { body: JSON.stringify(body) } : {}),
        })
      const moment = kill && killPlan.get(kill.step)
      if (kill && moment) {
        killPlan.delete(kill.step)
        kills.push(`${moment} ${kill.step.split(':')[1]}`)
        const lost = send().catch(() => undefined)
        if (moment === 'after-commit') await waitFor(kill.committed, 30_000, `${kill.step} committed`, 5)
        restarting = killAndRestart().finally(() => (restarting = null))
        await lost
        throw new Error(`${kill.step}: the answer was lost in the kill`)
      }
      const response = await send()
      const replayed = response.headers.get('idempotent-replayed') === 'true'
      return { status: response.status, replayed, body: (await response.json()) as unknown }
    }

    /** Reads the store directly, as the server left it: whether a step has been committed. */
    function stored<T>(sql: string, ...params: unknown[]): T | undefined {
      const db = new Database(join(data.path, 'console.db'), { readonly: true, fileMustExist: true })
      try {
        return db
          .prepare(sql)
          .pluck()
          .get(...params) as T | undefined
      } finally {
        db.close()
      }
    }

    /** Retries a call until the server answers it (a dead server's call rejects; a 5xx is retried too). */
    async function answered(
      method: string,
      path: string,
      body?: object,
      headers?: Record<string, string>,
      kill?: { step: string; committed: () => boolean },
    ) {
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) counts.retries += 1
        try {
          const answer = await call(method, path, body, headers, kill)
          if (answer.status < 500) return answer
        } catch {
          counts.lostAnswers += 1
          // The kill is under way: the next call waits for the restart. Otherwise a short pause.
          if (!restarting) await new Promise((resolve) => setTimeout(resolve, 200))
        }
        if (attempt > 200) throw new Error(`${method} ${path}: no answer after ${attempt} tries`)
      }
    }

    /** Moves the incident on by `action` unless it already has (the answer to an earlier try was lost). */
    async function advance(
      n: number,
      id: number,
      action: 'accept' | 'dispatch',
      done: Incident['stage'],
    ): Promise<void> {
      for (let attempt = 0; attempt < 20; attempt++) {
        const current = (await answered('GET', `/api/incidents/${id}`)).body as Incident
        if (current.stage === done) return
        const body =
          action === 'dispatch'
            ? { action, lead: 'police', assisting: [], version: current.version }
            : { action, version: current.version }
        const answer = await answered(
          'POST',
          `/api/incidents/${id}/transitions`,
          body,
          {},
          {
            step: `${n}:${action}`,
            committed: () => stored<string>('SELECT stage FROM incidents WHERE id = ?', id) === done,
          },
        )
        if (answer.status === 200) return
        // A version conflict or a stage already left: the earlier try went through; read it again.
        expect([409, 422], JSON.stringify(answer.body)).toContain(answer.status)
        counts.conflicts += 1
      }
      throw new Error(`incident ${id}: ${action} never went through`)
    }

    const created = new Map<string, number>()
    for (let i = 1; i <= INCIDENTS; i++) {
      const key = randomBytes(16).toString('hex')
      const report = { cameraId: `cam-t${String(i).padStart(3, '0')}`, category: 'street-vendor', note: `fault ${i}` }
      const answer = await answered(
        'POST',
        '/api/incidents',
        report,
        { 'idempotency-key': key },
        {
          step: `${i}:create`,
          committed: () => stored<number>('SELECT 1 FROM idempotency_keys WHERE key = ?', key) === 1,
        },
      )
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300)
      if (answer.replayed) counts.replayedCreates += 1
      const incident = answer.body as Incident
      created.set(key, incident.id)
      await advance(i, incident.id, 'accept', 'accepted')
      await advance(i, incident.id, 'dispatch', 'dispatched')
    }
    if (restarting) await restarting
    expect(kills.length).toBe(KILLS)
    // A report committed before its answer was lost came back from its key on the retry, not created again.
    expect(counts.replayedCreates).toBeGreaterThanOrEqual(kills.filter((k) => k === 'after-commit create').length)

    // 0 lost, 0 duplicated: each report exists once (by its note), dispatched to the police.
    const listed: Incident[] = []
    for (let cursor: string | null = null; ;) {
      const query: string = cursor ? `?limit=500&cursor=${encodeURIComponent(cursor)}` : '?limit=500'
      const page = (await answered('GET', `/api/incidents${query}`)).body as IncidentPage
      listed.push(...page.incidents)
      if (page.next === null) break
      cursor = page.next
    }
    const notes = listed.map((incident) => incident.note).sort()
    const expected = Array.from({ length: INCIDENTS }, (_, i) => `fault ${i + 1}`).sort()
    expect(notes).toEqual(expected)
    expect(new Set(created.values()).size).toBe(INCIDENTS)
    expect(listed.every((incident) => incident.stage === 'dispatched' && incident.lead === 'police')).toBe(true)

    // Every client caught up: it holds exactly the store's events it may see, each once, in order.
    await waitFor(
      () => centre.lastSeq === Math.max(...storedSeqs()) && police.lastSeq === Math.max(...storedSeqs('police')),
      60_000,
      'both followers at the newest event they may see',
    )
    expect(centre.distinct).toEqual(storedSeqs())
    expect(police.distinct).toEqual(storedSeqs('police'))
    expect(centre.resyncs).toEqual([])
    expect(police.resyncs).toEqual([])
    console.log(
      `seed ${SEED}: ${kills.length} kills (${kills.join(', ')}) over ${requests} requests (${counts.lostAnswers} lost answers, ${counts.retries} retries, ` +
        `${counts.replayedCreates} reports answered from their Idempotency-Key, ${counts.conflicts} steps found already done); ` +
        `centre ${centre.distinct.length} events (${centre.received.length - centre.distinct.length} received twice), ` +
        `police ${police.distinct.length} events (${police.received.length - police.distinct.length} received twice)`,
    )
  }, 600_000)
})
