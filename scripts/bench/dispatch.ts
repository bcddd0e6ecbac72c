/**
 * `npm run bench:dispatch`: how fast a flagged and dispatched incident reaches the departments. The real
 * server runs as a child process; 200 socket.io clients (10 department accounts, 20 connections each:
 * consoles, phones, a wall) listen for its alerts. Prints JSON, then one human line.
 *   --clients N (200)  --incidents N (40)  --create N (300, for throughput)  --quick
 * Loopback only; every loop is bounded; the server is ended by PID.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { io as connect, type Socket } from 'socket.io-client'
import type { IncidentEvent } from '../../server/contracts/incidents.ts'
import { startTestServer } from '../../server/testing/test-server.ts'
import { percentile } from './dispatch/percentiles.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const { values } = parseArgs({
  options: {
    clients: { type: 'string' },
    incidents: { type: 'string' },
    create: { type: 'string' },
    quick: { type: 'boolean' },
  },
})
const clientCount = Number(values.clients ?? (values.quick ? 40 : 200))
const incidentCount = Number(values.incidents ?? (values.quick ? 10 : 40))
const createCount = Number(values.create ?? (values.quick ? 50 : 300))
const ACCOUNTS = 10
const DEPARTMENT = 'urban-management'

const server = await startTestServer({
  env: {
    CAMERA_HEALTH_INTERVAL_S: '0',
    LOG_LEVEL: 'error',
    LIVE_IDLE_STOP_S: '5',
    LOGIN_RATE_LIMIT: '100',
    CASE_FEED_URL: 'http://127.0.0.1:9/open311/v2',
  },
})
const sockets: Socket[] = []
try {
  const login = async (username: string, password: string): Promise<string> => {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    if (!response.ok) throw new Error(`login ${username}: ${response.status}`)
    return response.headers.get('set-cookie')!.split(';')[0]!
  }
  const admin = await login('admin', server.adminPassword)
  const cookies: string[] = []
  for (let i = 0; i < ACCOUNTS; i++) {
    const username = `um-bench-${i}`
    const made = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'scripts', 'user-cli.ts'),
        'add',
        username,
        '--role',
        'department',
        '--department',
        DEPARTMENT,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: server.dataDir },
        input: 'bench-department-pw\n',
        encoding: 'utf8',
      },
    )
    if (made.status !== 0) throw new Error(`user add: ${made.stderr}`)
    cookies.push(await login(username, 'bench-department-pw'))
  }

  // seq -> send time; each client records (receive - send) for dispatch events.
  const sentAt = new Map<number, number>()
  const pending = new Map<number, number>()
  const latencies: number[] = []
  for (let i = 0; i < clientCount; i++) {
    const socket = connect(server.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: cookies[i % ACCOUNTS]! },
    })
    socket.on('incident:event', (event: IncidentEvent) => {
      if (event.entry?.kind !== 'dispatch') return
      const sent = sentAt.get(event.incident.id)
      if (sent !== undefined) latencies.push(performance.now() - sent)
      pending.set(event.incident.id, (pending.get(event.incident.id) ?? 0) - 1)
    })
    sockets.push(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve())
      socket.once('connect_error', reject)
    })
  }

  const post = async (path: string, body: object): Promise<{ id: number }> => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response.json() as Promise<{ id: number }>
  }

  // Latency: one incident at a time, flag -> accept -> dispatch; the clock starts when the dispatch is sent.
  for (let n = 0; n < incidentCount; n++) {
    const incident = await post('/api/incidents', {
      cameraId: `cam-${String(1 + (n % 320)).padStart(4, '0')}`,
      category: 'street-vendor',
    })
    await post(`/api/incidents/${incident.id}/transitions`, { action: 'accept' })
    pending.set(incident.id, clientCount)
    sentAt.set(incident.id, performance.now())
    await post(`/api/incidents/${incident.id}/transitions`, { action: 'dispatch', lead: DEPARTMENT })
    const deadline = Date.now() + 5000
    while ((pending.get(incident.id) ?? 0) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2))
  }
  const missing = [...pending.values()].reduce((sum, left) => sum + Math.max(0, left), 0)

  // Throughput: reports created by 8 operators at once.
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < createCount) {
        next++
        await post('/api/incidents', {
          cameraId: `cam-${String(1 + (next % 320)).padStart(4, '0')}`,
          category: 'garbage-dumping',
          note: 'bench',
        })
      }
    }),
  )
  const createSeconds = (performance.now() - started) / 1000

  const p50 = percentile(latencies, 50)
  const p99 = percentile(latencies, 99)
  const result = {
    bench: 'dispatch',
    machine: { cores: cpus().length, node: process.version },
    clients: clientCount,
    accounts: ACCOUNTS,
    incidents: incidentCount,
    deliveries: latencies.length,
    missing,
    alertLatencyMs: {
      p50: round(p50),
      p90: round(percentile(latencies, 90)),
      p99: round(p99),
      max: round(percentile(latencies, 100)),
    },
    creation: { incidents: createCount, seconds: round(createSeconds), perSecond: round(createCount / createSeconds) },
    targets: [{ name: 'alert p99 <= 50 ms', value: round(p99), pass: p99 !== null && p99 <= 50 && missing === 0 }],
  }
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true })
  writeFileSync(join(ROOT, 'test-artifacts', 'bench-dispatch.json'), JSON.stringify(result, null, 2))
  console.log(JSON.stringify(result, null, 2))
  console.log(
    `dispatch bench: ${clientCount} department clients, alert latency p50 ${round(p50)} ms, p99 ${round(p99)} ms (target 50 ms: ${result.targets[0]!.pass ? 'pass' : 'FAIL'}), ${missing} missed; creation ${round(createCount / createSeconds)} incidents/s`,
  )
} finally {
  for (const s of sockets) s.disconnect()
  await server.close()
}

function round(n: number | null): number | null {
  return n === null ? null : Math.round(n * 10) / 10
}
