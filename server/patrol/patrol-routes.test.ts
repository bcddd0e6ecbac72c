import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect } from 'socket.io-client'
import type { Tour, TourDue } from '../contracts/patrol.ts'
import type { CameraStatusEvent, TourDueEvent } from '../contracts/realtime-events.ts'
import { ViewingAudit } from '../media/viewing-audit.ts'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { waitFor } from '../testing/wait-for.ts'
import { TourDueNotifier } from './tour-due-notifier.ts'
import { ToursRepository } from './tours-repository.ts'

let t: TestApp
const cookies: Record<string, string> = {}

beforeAll(async () => {
  t = await buildTestApp()
  for (const [username, role, department] of [
    ['op1', 'operator'],
    ['op2', 'operator'],
    ['wall1', 'wall'],
    ['pol1', 'department', 'police'],
  ] as const) {
    await t.app.accounts.add({ username, role, department, password: `${username}-password` })
    cookies[username] = await t.login(username, `${username}-password`)
  }
  cookies['admin'] = await t.login('admin', TEST_ADMIN_PASSWORD)
})
afterAll(async () => {
  await t.close()
})

const call = async (who: string, method: string, url: string, payload?: object) =>
  t.app.inject({ method: method as 'GET', url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) })

describe('saved layouts and the console state', () => {
  it('a user saves, renames, lists and deletes their own layouts; others never see them', async () => {
    const created = await call('op1', 'POST', '/api/layouts', {
      name: '早班路口',
      kind: '4',
      cameras: ['cam-0001', 'cam-0002', null, 'cam-0004'],
    })
    expect(created.statusCode).toBe(201)
    const layout = created.json() as { id: number }
    expect(
      (
        await call('op1', 'PUT', `/api/layouts/${layout.id}`, { name: '早班路口2', kind: '1+5', cameras: ['cam-0003'] })
      ).json(),
    ).toMatchObject({ name: '早班路口2', kind: '1+5', cameras: ['cam-0003'] })
    expect((await call('op2', 'GET', '/api/layouts')).json()).toEqual({ layouts: [] })
    expect(
      (await call('op2', 'PUT', `/api/layouts/${layout.id}`, { name: 'x', kind: '1', cameras: [] })).statusCode,
    ).toBe(404)
    expect((await call('op2', 'DELETE', `/api/layouts/${layout.id}`)).statusCode).toBe(404)
    expect((await call('op1', 'GET', '/api/layouts')).json().layouts).toHaveLength(1)
    expect((await call('op1', 'DELETE', `/api/layouts/${layout.id}`)).statusCode).toBe(204)
  })

  it.each([
    [
      'more cameras than tiles',
      { name: 'a', kind: '4', cameras: ['cam-0001', 'cam-0002', 'cam-0003', 'cam-0004', 'cam-0005'] },
      400,
      'layout 4 has 4 tiles, but 5 cameras were given',
    ],
    ['an unknown camera', { name: 'a', kind: '9', cameras: ['cam-9999'] }, 400, 'unknown camera "cam-9999"'],
  ])('refuses %s', async (_, body, status, message) => {
    const response = await call('op1', 'POST', '/api/layouts', body)
    expect(response.statusCode).toBe(status)
    expect(response.json().message).toBe(message)
  })

  it('refuses a second layout with the same name', async () => {
    await call('op1', 'POST', '/api/layouts', { name: '夜班', kind: '9', cameras: [] })
    const again = await call('op1', 'POST', '/api/layouts', { name: '夜班', kind: '4', cameras: [] })
    expect(again.statusCode).toBe(409)
    expect(again.json().message).toBe('you already have a layout named "夜班"')
  })

  it('keeps what each user last had on screen', async () => {
    expect((await call('op2', 'GET', '/api/console-state')).json()).toEqual({ state: null })
    expect(
      (await call('op2', 'PUT', '/api/console-state', { kind: '16', cameras: ['cam-0010'], layoutId: null }))
        .statusCode,
    ).toBe(204)
    expect((await call('op2', 'GET', '/api/console-state')).json()).toEqual({
      state: { kind: '16', cameras: ['cam-0010'], layoutId: null },
    })
  })
})

describe('tours', () => {
  const tourInput = {
    name: '学校周边巡查',
    items: [
      { type: 'camera', id: 'cam-0005' },
      { type: 'category', id: 'school' },
    ],
    kind: '4',
    dwellSeconds: 20,
    schedule: null,
  }

  it('an operator creates a tour; its groups expand to cameras, each once, in tour order', async () => {
    const response = await call('op1', 'POST', '/api/tours', tourInput)
    expect(response.statusCode).toBe(201)
    const tour = response.json() as Tour
    const schools = (await call('op1', 'GET', '/api/cameras'))
      .json()
      .cameras.filter((c: { categories: string[] }) => c.categories.includes('school'))
      .map((c: { id: string }) => c.id)
    expect(tour.cameraIds[0]).toBe('cam-0005')
    expect(new Set(tour.cameraIds)).toEqual(new Set(['cam-0005', ...schools]))
    expect(tour.cameraIds).toHaveLength(new Set(tour.cameraIds).size)
    expect(tour.createdBy).toBe('op1')
  })

  it('the wall display reads tours but cannot edit them; departments see none', async () => {
    expect((await call('wall1', 'GET', '/api/tours')).statusCode).toBe(200)
    expect((await call('wall1', 'POST', '/api/tours', tourInput)).statusCode).toBe(403)
    expect((await call('pol1', 'GET', '/api/tours')).statusCode).toBe(403)
  })

  it('refuses items the configuration does not have, and dwell times under 3 s', async () => {
    const bad = await call('op1', 'POST', '/api/tours', {
      ...tourInput,
      items: [
        { type: 'grid', id: 'g-99' },
        { type: 'camera', id: 'cam-9999' },
      ],
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toBe('unknown grid "g-99", camera "cam-9999"')
    expect((await call('op1', 'POST', '/api/tours', { ...tourInput, dwellSeconds: 1 })).statusCode).toBe(400)
  })

  it('a run records who ran it and whether every page was shown; only its operator finishes it, once', async () => {
    const tour = (await call('op1', 'POST', '/api/tours', { ...tourInput, name: 'run me' })).json() as Tour
    const run = (await call('op1', 'POST', `/api/tours/${tour.id}/runs`, {})).json() as { id: number }
    expect((await call('op2', 'POST', `/api/tour-runs/${run.id}/finish`, { completed: true })).statusCode).toBe(403)
    expect((await call('op1', 'POST', `/api/tour-runs/${run.id}/finish`, { completed: true })).json()).toMatchObject({
      username: 'op1',
      completed: true,
      finishedAt: expect.any(String),
    })
    expect((await call('op1', 'POST', `/api/tour-runs/${run.id}/finish`, { completed: false })).statusCode).toBe(409)
  })

  it('a scheduled tour shows as due, and as run once a run answers it', async () => {
    // A due time a few minutes ago, in Shanghai time.
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(Date.now() - 5 * 60_000))
    const tour = (
      await call('op1', 'POST', '/api/tours', { ...tourInput, name: 'due now', schedule: { times: [local] } })
    ).json() as Tour
    const dueOf = async (): Promise<TourDue | undefined> =>
      ((await call('op1', 'GET', '/api/tours/due?hours=1')).json().due as TourDue[]).find((d) => d.tourId === tour.id)
    const due = await dueOf()
    expect(due).toMatchObject({ tourName: 'due now', state: 'due', runId: null })
    const run = (await call('op1', 'POST', `/api/tours/${tour.id}/runs`, { dueAt: due!.dueAt })).json() as {
      id: number
    }
    expect(await dueOf()).toMatchObject({ state: 'run', runId: run.id })
  })

  it('announces a tour the moment it falls due, to operators and not to departments', async () => {
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 })
    const received: Record<string, TourDueEvent[]> = { op1: [], pol1: [] }
    const fenced = new Set<string>()
    const sockets = await Promise.all(
      ['op1', 'pol1'].map(async (who) => {
        const socket = connect(url, {
          transports: ['websocket'],
          reconnection: false,
          extraHeaders: { cookie: cookies[who]! },
        })
        socket.on('tour:due', (e: TourDueEvent) => received[who]!.push(e))
        socket.on('camera:status', (e: CameraStatusEvent) => e.cameraId === 'fence' && fenced.add(who))
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
        return socket
      }),
    )
    try {
      const tours = new ToursRepository(t.app.db)
      const at = Date.parse('2026-11-27T02:00:00Z')
      let now = at - 1000
      const notifier = new TourDueNotifier(tours, t.app.realtime, 'Asia/Shanghai', () => now)
      tours.create(
        {
          name: '十点巡查',
          items: [{ type: 'category', id: 'trouble-spot' }],
          kind: '9',
          dwellSeconds: 10,
          schedule: { times: ['10:00'] },
        },
        'op1',
      )
      expect(notifier.check()).toBe(0)
      now = at + 1000
      expect(notifier.check()).toBe(1)
      expect(notifier.check()).toBe(0)
      // A last event to both: each connection delivers in order, so once it is there, so is anything before
      // it, including an announcement that should not have reached the department.
      t.app.realtime.publish('camera:status', {
        cameraId: 'fence',
        status: 'online',
        since: new Date(now).toISOString(),
        detail: null,
        reasonCode: null,
      })
      await waitFor(() => fenced.size === 2, 10_000, 'the fence event on both clients')
      // The app's own notifier runs on the real clock: should real time pass 10:00 in Shanghai meanwhile,
      // it announces today's run too, so only this day's announcements are counted.
      const ofThisDay = received['op1']!.filter((e) => e.dueAt.startsWith('2026-11-27'))
      expect(ofThisDay).toEqual([
        { tourId: expect.any(Number), tourName: '十点巡查', dueAt: '2026-11-27T02:00:00.000Z' },
      ])
      expect(received['pol1']).toEqual([])
    } finally {
      for (const s of sockets) s.disconnect()
    }
  })
})

describe('patrol log and coverage', () => {
  it('reports the cameras each operator had on screen long enough, the unpatrolled ones, and patrol time; CSV too', async () => {
    // The audit's own clock: a minute ago, op1 watches cam-0001 for 20 s; a tour flashes cam-0002 for 5 s.
    let clock = Date.now() - 60_000
    const audit = new ViewingAudit(t.app.db, 60_000, () => clock)
    const viewer = (username: string) => ({
      userId: t.app.users.findByUsername(username)!.id,
      username,
      ip: '127.0.0.1',
    })
    audit.seen(viewer('op1'), 'cam-0001', 'sub')
    audit.seen(viewer('op1'), 'cam-0002', 'sub')
    audit.seen(viewer('op2'), 'cam-0001', 'main')
    clock += 5_000
    audit.seen(viewer('op1'), 'cam-0002', 'sub')
    audit.seen(viewer('op1'), 'cam-0001', 'sub')
    clock += 15_000
    audit.seen(viewer('op1'), 'cam-0001', 'sub')
    audit.endAll()

    const log = (await call('admin', 'GET', '/api/patrol/log?username=op1')).json()
    expect(log.entries.map((e: { cameraId: string }) => e.cameraId).sort()).toEqual(['cam-0001', 'cam-0002'])
    const coverage = (await call('op1', 'GET', '/api/patrol/coverage?hours=2')).json()
    const cams = (await call('op1', 'GET', '/api/cameras')).json().cameras as { id: string; community: string }[]
    const community = coverage.byCommunity.find((g: { id: string }) => g.id === cams[0]!.community)
    expect(coverage.minDwellSeconds).toBe(10)
    expect(community.patrolled).toBe(1)
    expect(community.unpatrolled).not.toContain('cam-0001')
    expect(community.unpatrolled).toContain('cam-0002')
    expect(
      coverage.operators.map((o: { username: string; cameras: number }) => [o.username, o.cameras]).sort(),
    ).toEqual([
      ['op1', 2],
      ['op2', 1],
    ])

    const csv = await call('admin', 'GET', '/api/patrol/coverage.csv?hours=2')
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="patrol-coverage-2h.csv"')
    // In the UI's language when the web names it, else the browser's; times in the site's zone.
    expect(csv.headers['content-language']).toBe('zh-CN')
    expect(csv.body).toContain('摄像头类别,intersection,交通路口,')
    expect(csv.body).toContain(',Asia/Shanghai,10\r\n')
    const english = await call('admin', 'GET', '/api/patrol/coverage.csv?hours=2&lang=en')
    expect(english.body).toContain('category,intersection,')
    expect(english.headers['content-language']).toBe('en')
    const byBrowser = await t.app.inject({
      method: 'GET',
      url: '/api/patrol/coverage.csv?hours=2',
      headers: { cookie: cookies['admin']!, 'accept-language': 'en-US,en;q=0.9' },
    })
    expect(byBrowser.headers['content-language']).toBe('en')
    const badLanguage = await call('admin', 'GET', '/api/patrol/coverage.csv?lang=fr')
    expect(badLanguage.statusCode).toBe(400)
    expect(badLanguage.body).toContain('lang')
    expect((await call('pol1', 'GET', '/api/patrol/coverage')).statusCode).toBe(403)
    expect(
      (await call('admin', 'GET', '/api/patrol/log?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z')).statusCode,
    ).toBe(400)
  })
})
