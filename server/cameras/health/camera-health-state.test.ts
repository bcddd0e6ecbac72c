import { describe, expect, it } from 'vitest'
import { initialHealthState, nextHealthState, type HealthState, type Observation } from './camera-health-state.ts'

const ok: Observation = { ok: true }
const refused: Observation = { ok: false, kind: 'unreachable', detail: 'RTSP: connection refused' }
const silent: Observation = { ok: false, kind: 'unreachable', detail: 'RTSP: no answer within 3 s' }
const wrongPassword: Observation = {
  ok: false,
  kind: 'auth-failed',
  detail: 'ONVIF: the camera refused the configured user name or password',
}
const notFound: Observation = {
  ok: false,
  kind: 'offline',
  detail: 'RTSP: the camera has no stream at this path (404)',
}

const T0 = '2025-01-01T00:00:00.000Z'
const online: HealthState = { status: 'online', since: T0, detail: null, failuresInARow: 0 }
const unreachable: HealthState = {
  status: 'unreachable',
  since: T0,
  detail: refused.ok ? null : refused.detail,
  failuresInARow: 3,
}

/** Runs observations one after another from `start`, one second apart. */
function run(start: HealthState, observations: Observation[], failuresToLeaveOnline = 2) {
  let state = start
  return observations.map((observation, i) => {
    const t = nextHealthState(state, observation, new Date(Date.parse(T0) + (i + 1) * 1000).toISOString(), {
      failuresToLeaveOnline,
    })
    state = t.state
    return { status: t.state.status, changed: t.changed, recheckSoon: t.recheckSoon }
  })
}

describe('camera health transitions', () => {
  it.each([
    ['an unchecked camera that answers becomes online at once', initialHealthState(), [ok], [['online', true, false]]],
    [
      'an unchecked camera that refuses the connection becomes unreachable at once',
      initialHealthState(),
      [refused],
      [['unreachable', true, false]],
    ],
    [
      'one failed check keeps an online camera online and asks for a quick re-check',
      online,
      [refused],
      [['online', false, true]],
    ],
    [
      'two failed checks in a row take an online camera to the failure seen last',
      online,
      [refused, notFound],
      [
        ['online', false, true],
        ['offline', true, false],
      ],
    ],
    [
      'a blip between good checks never leaves online',
      online,
      [ok, refused, ok, refused, ok],
      [
        ['online', false, false],
        ['online', false, true],
        ['online', false, false],
        ['online', false, true],
        ['online', false, false],
      ],
    ],
    [
      'a wrong password is reported as auth-failed after the second check',
      online,
      [wrongPassword, wrongPassword],
      [
        ['online', false, true],
        ['auth-failed', true, false],
      ],
    ],
    ['one good check brings a down camera back online', unreachable, [ok], [['online', true, false]]],
    [
      'a down camera that stays down with other words publishes nothing new',
      unreachable,
      [silent, refused],
      [
        ['unreachable', false, false],
        ['unreachable', false, false],
      ],
    ],
    [
      'a down camera whose trouble changes kind moves at once',
      unreachable,
      [wrongPassword],
      [['auth-failed', true, false]],
    ],
    ['with a threshold of one, the first failure leaves online', online, [refused], [['unreachable', true, false]], 1],
  ] as Array<[string, HealthState, Observation[], Array<[string, boolean, boolean]>, number?]>)(
    '%s',
    (_name, start, observations, expected, threshold = 2) => {
      expect(run(start, observations, threshold).map((r) => [r.status, r.changed, r.recheckSoon])).toEqual(expected)
    },
  )

  it('keeps the since-time while a status holds and sets it when the status changes', () => {
    const first = nextHealthState(online, refused, '2025-01-01T00:00:01.000Z').state
    expect(first.since).toBe(T0)
    const second = nextHealthState(first, refused, '2025-01-01T00:00:02.000Z').state
    expect(second).toEqual({
      status: 'unreachable',
      since: '2025-01-01T00:00:02.000Z',
      detail: 'RTSP: connection refused',
      failuresInARow: 2,
    })
    const back = nextHealthState(second, ok, '2025-01-01T00:00:03.000Z').state
    expect(back).toEqual({ status: 'online', since: '2025-01-01T00:00:03.000Z', detail: null, failuresInARow: 0 })
  })
})
