import { describe, expect, it } from 'vitest'
import { decideRoute, loginUrlFor, safeNext, type RouteDecision } from './routes.ts'

function at(url: string) {
  const parsed = new URL(url, 'http://console.local')
  return { pathname: parsed.pathname, search: parsed.search }
}

describe('decideRoute', () => {
  const cases: Array<{ name: string; url: string; signedIn: boolean; expected: RouteDecision }> = [
    { name: '/ goes to the console when signed in', url: '/', signedIn: true, expected: { redirect: '/console' } },
    { name: '/ goes to the login when signed out', url: '/', signedIn: false, expected: { redirect: '/login' } },
    { name: 'the console shows when signed in', url: '/console', signedIn: true, expected: { screen: 'console' } },
    { name: 'the console keeps its query when signed in', url: '/console?layout=4', signedIn: true, expected: { screen: 'console' } },
    { name: 'the patrol screen shows when signed in', url: '/patrol', signedIn: true, expected: { screen: 'patrol' } },
    { name: 'the patrol screen sends a signed-out user to login and back', url: '/patrol', signedIn: false, expected: { redirect: '/login?next=%2Fpatrol' } },
    { name: 'the plain console sends a signed-out user to a plain login', url: '/console', signedIn: false, expected: { redirect: '/login' } },
    {
      name: 'a console deep link sends a signed-out user to login remembering path and query',
      url: '/console?layout=4&cameras=a,b', signedIn: false,
      expected: { redirect: '/login?next=%2Fconsole%3Flayout%3D4%26cameras%3Da%2Cb' },
    },
    { name: 'the login shows when signed out', url: '/login?next=%2Fconsole', signedIn: false, expected: { screen: 'login' } },
    {
      name: 'after sign-in the login goes back to the deep link, query intact',
      url: '/login?next=%2Fconsole%3Flayout%3D4%26cameras%3Da%2Cb', signedIn: true,
      expected: { redirect: '/console?layout=4&cameras=a,b' },
    },
    { name: 'after sign-in without a next the login goes to the console', url: '/login', signedIn: true, expected: { redirect: '/console' } },
    { name: 'after sign-in a foreign next is ignored', url: '/login?next=https%3A%2F%2Fevil.example%2F', signedIn: true, expected: { redirect: '/console' } },
    { name: 'a trailing slash is ignored', url: '/console/', signedIn: true, expected: { screen: 'console' } },
    { name: 'an unknown path goes to the console when signed in', url: '/nowhere', signedIn: true, expected: { redirect: '/console' } },
    { name: 'an unknown path goes to the login when signed out', url: '/nowhere', signedIn: false, expected: { redirect: '/login' } },
  ]
  for (const c of cases) {
    it(c.name, () => expect(decideRoute(at(c.url), c.signedIn)).toEqual(c.expected))
  }

  it('the login url and the decision after sign-in are inverse', () => {
    const target = at('/console?cameras=%E4%B8%AD,b&layout=9#x')
    const login = loginUrlFor(target)
    expect(decideRoute(at(login), true)).toEqual({ redirect: target.pathname + target.search })
  })
})

describe('safeNext', () => {
  const rejected = [null, '', 'console', '//evil.example/x', '/\\evil.example', 'https://evil.example/', '/login', '/login?next=%2Fconsole']
  for (const next of rejected) {
    it(`rejects ${JSON.stringify(next)}`, () => expect(safeNext(next)).toBeNull())
  }

  it('accepts a same-origin path with its query', () => {
    expect(safeNext('/console?layout=4&cameras=a,b')).toBe('/console?layout=4&cameras=a,b')
  })
})
