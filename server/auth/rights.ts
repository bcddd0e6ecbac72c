/**
 * Who may call what: one row per route, keyed `"METHOD /url"` exactly as fastify registers it. The access
 * layer (auth-plugin.ts) takes every route's access from here, and a route without a row stops the app at
 * registration; server/auth/rights-matrix.test.ts calls every route as every role and compares with this.
 *
 * For a department on an incident route, `department` says which departments the row means; the incident
 * service enforces it per incident (a department an incident was not sent to gets 404, as if it did not
 * exist; a transition only the lead may make answers 403 to an assisting department):
 * - 'lead': the incident's lead department (acknowledge, return, start, handle; incident-workflow.ts);
 * - 'lead-or-assisting': the departments it was dispatched to (IncidentService.visible);
 * - 'own': lists hold only the incidents sent to the caller's department;
 * - 'any' (the default): every department alike.
 */
import type { Role } from '../contracts/api.ts'
import type { Access } from './auth-plugin.ts'

export type DepartmentScope = 'lead' | 'lead-or-assisting' | 'own' | 'any'
/**
 * 'public': no session needed; 'api-key': no session either, the endpoint answers only to an Open311
 * client's api key (a session does not open it); otherwise the roles whose sessions may call it.
 */
export type Right = 'public' | 'api-key' | { roles: readonly Role[]; department?: DepartmentScope }

const ALL: readonly Role[] = ['admin', 'supervisor', 'operator', 'department', 'wall']
const CENTRE: readonly Role[] = ['admin', 'supervisor', 'operator']
const CENTRE_AND_WALL: readonly Role[] = [...CENTRE, 'wall']
const SUPERVISION: readonly Role[] = ['supervisor', 'admin']

const everyone: Right = { roles: ALL }
const centre: Right = { roles: CENTRE }
const centreAndWall: Right = { roles: CENTRE_AND_WALL }
const sentTo = (roles: readonly Role[]): Right => ({ roles, department: 'lead-or-assisting' })

export const RIGHTS: Readonly<Record<string, Right>> = {
  // Sessions: logging in and out needs no session (logout with an ended one still clears the cookie).
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': everyone,
  'GET /api/health': 'public',
  'GET /api/config': everyone,

  // Cameras and live video: every role watches; only the centre moves cameras.
  'GET /api/cameras': everyone,
  'GET /live/:cameraId/:quality/index.m3u8': everyone,
  'GET /live/:cameraId/:quality/:name': everyone,
  'GET /live/:cameraId/:quality/replay.m3u8': everyone,
  'POST /api/streams/prefetch': centreAndWall,
  'GET /api/streams': everyone,
  'GET /api/cameras/:id/snapshot.jpg': everyone,
  // Recorded video plays back for whoever may watch live (each playlist and frame is in the viewing audit).
  'GET /api/cameras/:id/recordings': everyone,
  'GET /playback/:id/index.m3u8': everyone,
  'GET /playback/:id/:name': everyone,
  // Exporting a recorded range as an incident's evidence: the centre, which owns the incidents.
  'POST /api/cameras/:id/exports': centre,
  'GET /api/cameras/:id/frame.jpg': everyone,
  'POST /api/cameras/:id/ptz': centre,
  'GET /api/cameras/:id/ptz/presets': centre,

  // Each account's own layouts and console state.
  'GET /api/layouts': everyone,
  'POST /api/layouts': everyone,
  'PUT /api/layouts/:id': everyone,
  'DELETE /api/layouts/:id': everyone,
  'GET /api/console-state': everyone,
  'PUT /api/console-state': everyone,

  // Patrol: the centre runs tours; the wall follows them.
  'GET /api/tours': centreAndWall,
  'GET /api/tours/:id': centreAndWall,
  'POST /api/tours': centre,
  'PUT /api/tours/:id': centre,
  'DELETE /api/tours/:id': centre,
  'POST /api/tours/:id/runs': centre,
  'POST /api/tour-runs/:id/finish': centre,
  'GET /api/tours/due': centreAndWall,
  'GET /api/patrol/log': centre,
  'GET /api/patrol/coverage': centre,
  'GET /api/patrol/coverage.csv': centre,

  // Incidents: the centre reports and dispatches; departments work what was sent to them; the wall shows.
  'POST /api/incidents': centre,
  'GET /api/incidents': { roles: ALL, department: 'own' },
  'GET /api/incidents/duplicates': centre,
  'GET /api/incidents/stats': centreAndWall,
  'GET /api/incidents/:id': sentTo(ALL),
  // Per action: the centre's steps (accept ... close, archive for supervision) or the lead's (acknowledge,
  // return, start, handle); incident-workflow.ts decides which.
  'POST /api/incidents/:id/transitions': { roles: [...CENTRE, 'department'], department: 'lead' },
  'POST /api/incidents/:id/notes': sentTo([...CENTRE, 'department']),
  'POST /api/incidents/:id/photos': sentTo([...CENTRE, 'department']),
  'GET /api/incidents/:id/files/:name': sentTo(ALL),

  // Open311 in: the service list is open; requests are read and sent with an api key.
  // GET /open311/v2/:file is both: services.json open, requests.json and servicerequestupdates.json by key.
  'GET /open311/v2/:file': 'public',
  'GET /open311/v2/services/:file': 'public',
  'GET /open311/v2/requests/:file': 'api-key',
  'POST /open311/v2/:file': 'api-key',
  // The case feed out and the Open311 clients.
  'GET /api/case-feed/status': { roles: SUPERVISION },
  'POST /api/case-feed/outbox/:id/retry': { roles: SUPERVISION },
  'GET /api/open311/clients': { roles: ['admin'] },
  'POST /api/open311/clients': { roles: ['admin'] },
  'DELETE /api/open311/clients/:name': { roles: ['admin'] },

  // The wall display: the centre pushes, the wall and the centre read.
  'GET /api/wall/monitors': centreAndWall,
  'GET /api/wall/state': centreAndWall,
  'POST /api/wall/push': centre,
  'DELETE /api/wall/push/:monitor': centre,
  // A kiosk pairs before it has a session.
  'GET /wall/pair': 'public',

  // The built web app (web-plugin.ts): its files and pages load before login.
  'GET /*': 'public',
}

/**
 * What answers outside fastify's routes, listed so the table tells the whole story: socket.io takes its
 * handshake on the raw server and checks the session cookie itself (realtime-plugin.ts).
 */
export const RIGHTS_OUTSIDE_ROUTES: Readonly<Record<string, Right>> = {
  'GET /socket.io/': 'public',
}

export const rightKey = (method: string, url: string): string => `${method} ${url}`

/** The row for a route; throws, naming the route, when it has none. */
export function rightOf(method: string, url: string): Right {
  const right = RIGHTS[rightKey(method, url)]
  if (!right)
    throw new Error(`${rightKey(method, url)}: no row in server/auth/rights.ts; add one saying who may call it`)
  return right
}

export const accessOf = (right: Right): Access => (right === 'public' || right === 'api-key' ? 'public' : right.roles)

/** Whether an access written beside a route says the same as its row ('session' means every role). */
export function sameAccess(a: Access, b: Access): boolean {
  const roles = (x: Access): string => (x === 'public' ? 'public' : [...(x === 'session' ? ALL : x)].sort().join())
  return roles(a) === roles(b)
}
