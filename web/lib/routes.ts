/**
 * Which screen a location shows, or where it redirects, given who is signed in (their role, or null).
 * Pure, so the deep-link rules (a link to /console?layout=4&cameras=a,b survives a trip through /login)
 * and the role rules (a department works in its inbox, never the console) are testable.
 */
import type { Role } from '../../server/contracts/api.ts'

export type Screen = 'login' | 'console' | 'patrol' | 'board' | 'inbox' | 'wall'

export type RouteDecision = { screen: Screen } | { redirect: string }

export interface PathAndQuery {
  pathname: string
  /** As in `location.search`: empty or starting with `?`. */
  search: string
}

export const HOME = '/console'
export const LOGIN = '/login'

export const INBOX = '/inbox'
export const WALL = '/wall'

/** The guarded screens; anything else is treated like `/`. */
const GUARDED: Record<string, Screen> = {
  '/console': 'console',
  '/patrol': 'patrol',
  '/board': 'board',
  '/inbox': 'inbox',
  '/wall': 'wall',
}

// Who may open which screen; the server enforces the same on every call these screens make. The wall
// display is a kiosk: it has no one to flag incidents or save layouts, so the console is not among its screens.
const ALLOWED: Record<Screen, readonly Role[]> = {
  login: ['admin', 'supervisor', 'operator', 'department', 'wall'],
  console: ['admin', 'supervisor', 'operator'],
  patrol: ['admin', 'supervisor', 'operator', 'wall'],
  board: ['admin', 'supervisor', 'operator', 'wall'],
  inbox: ['department'],
  wall: ['admin', 'supervisor', 'operator', 'wall'],
}

const HOMES: Record<Role, string> = {
  admin: HOME,
  supervisor: HOME,
  operator: HOME,
  department: INBOX,
  wall: WALL,
}

/** Where a user lands after sign-in, and instead of a screen their role may not open. */
export function homeFor(role: Role): string {
  return HOMES[role]
}

export function decideRoute(location: PathAndQuery, role: Role | null): RouteDecision {
  const pathname = normalise(location.pathname)
  if (pathname === LOGIN) {
    if (role === null) return { screen: 'login' }
    const next = safeNext(new URLSearchParams(location.search).get('next'))
    // A deep link meant for someone else's screen would only bounce: go home instead.
    const nextScreen = next === null ? undefined : GUARDED[normalise(new URL(next, 'http://same.origin').pathname)]
    return {
      redirect: next !== null && nextScreen !== undefined && ALLOWED[nextScreen].includes(role) ? next : homeFor(role),
    }
  }
  const screen = GUARDED[pathname]
  if (screen === undefined) return { redirect: role === null ? LOGIN : homeFor(role) }
  if (role === null) return { redirect: loginUrlFor({ pathname, search: location.search }) }
  return ALLOWED[screen].includes(role) ? { screen } : { redirect: homeFor(role) }
}

/** `/login?next=…`, remembering the whole path and query the user was heading for. */
export function loginUrlFor(target: PathAndQuery): string {
  const next = target.pathname + target.search
  if (next === HOME) return LOGIN
  return `${LOGIN}?${new URLSearchParams({ next }).toString()}`
}

/**
 * Accepts only a same-origin path: `//evil.example` and `https://…` would turn the login page into an
 * open redirect, and `/login` itself would loop.
 */
export function safeNext(next: string | null): string | null {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null
  const url = new URL(next, 'http://same.origin')
  if (url.origin !== 'http://same.origin' || normalise(url.pathname) === LOGIN) return null
  return url.pathname + url.search + url.hash
}

function normalise(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname
}
