/**
 * Which screen a location shows, or where it redirects, given whether someone is signed in. Pure, so the
 * deep-link rules (a link to /console?layout=4&cameras=a,b survives a trip through /login) are testable.
 */
export type Screen = 'login' | 'console' | 'patrol'

export type RouteDecision = { screen: Screen } | { redirect: string }

export interface PathAndQuery {
  pathname: string
  /** As in `location.search`: empty or starting with `?`. */
  search: string
}

export const HOME = '/console'
export const LOGIN = '/login'

/** The guarded screens; anything else is treated like `/`. */
const GUARDED: Record<string, Screen> = { '/console': 'console', '/patrol': 'patrol' }

export function decideRoute(location: PathAndQuery, signedIn: boolean): RouteDecision {
  const pathname = normalise(location.pathname)
  if (pathname === LOGIN) {
    if (!signedIn) return { screen: 'login' }
    return { redirect: safeNext(new URLSearchParams(location.search).get('next')) ?? HOME }
  }
  const screen = GUARDED[pathname]
  if (screen === undefined) return { redirect: signedIn ? HOME : LOGIN }
  if (signedIn) return { screen }
  return { redirect: loginUrlFor({ pathname, search: location.search }) }
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
