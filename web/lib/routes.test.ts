import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/contracts/api.ts'
import { decideRoute, loginUrlFor, safeNext, type RouteDecision } from './routes.ts'

function at(url: string) {
  const parsed = new URL(url, 'http://console.local')
  return { pathname: parsed.pathname, search: parsed.search }
}

describe('decideRoute', () => {
  const cases: Array<{ name: string; url: string; role: Role | null; expected: RouteDecision }> = [
    { name: '/ goes to the console when signed in', url: '/', role: 'operator', expected: { redirect: '/console' } },
    { name: '/ goes to the login when signed out', url: '/', role: null, expected: { redirect: '/login' } },
    { name: 'the console shows when signed in', url: '/console', role: 'operator', expected: { screen: 'console' } },
    {
      name: 'the console keeps its query when signed in',
      url: '/console?layout=4',
      role: 'operator',
      expected: { screen: 'console' },
    },
    {
      name: 'the patrol screen shows when signed in',
      url: '/patrol',
      role: 'operator',
      expected: { screen: 'patrol' },
    },
    {
      name: 'the patrol screen sends a signed-out user to login and back',
      url: '/patrol',
      role: null,
      expected: { redirect: '/login?next=%2Fpatrol' },
    },
    {
      name: 'the plain console sends a signed-out user to a plain login',
      url: '/console',
      role: null,
      expected: { redirect: '/login' },
    },
    {
      name: 'a console deep link sends a signed-out user to login remembering path and query',
      url: '/console?layout=4&cameras=a,b',
      role: null,
      expected: { redirect: '/login?next=%2Fconsole%3Flayout%3D4%26cameras%3Da%2Cb' },
    },
    {
      name: 'the login shows when signed out',
      url: '/login?next=%2Fconsole',
      role: null,
      expected: { screen: 'login' },
    },
    {
      name: 'after sign-in the login goes back to the deep link, query intact',
      url: '/login?next=%2Fconsole%3Flayout%3D4%26cameras%3Da%2Cb',
      role: 'operator',
      expected: { redirect: '/console?layout=4&cameras=a,b' },
    },
    {
      name: 'after sign-in without a next the login goes to the console',
      url: '/login',
      role: 'operator',
      expected: { redirect: '/console' },
    },
    {
      name: 'after sign-in a foreign next is ignored',
      url: '/login?next=https%3A%2F%2Fevil.example%2F',
      role: 'operator',
      expected: { redirect: '/console' },
    },
    { name: 'a trailing slash is ignored', url: '/console/', role: 'operator', expected: { screen: 'console' } },
    {
      name: 'an unknown path goes to the console when signed in',
      url: '/nowhere',
      role: 'operator',
      expected: { redirect: '/console' },
    },
    {
      name: 'an unknown path goes to the login when signed out',
      url: '/nowhere',
      role: null,
      expected: { redirect: '/login' },
    },
    { name: 'the board shows for an operator', url: '/board', role: 'operator', expected: { screen: 'board' } },
    { name: 'the board is readable by the wall', url: '/board', role: 'wall', expected: { screen: 'board' } },
    {
      name: 'a department lands in its inbox after sign-in',
      url: '/login',
      role: 'department',
      expected: { redirect: '/inbox' },
    },
    {
      name: 'a department may not open the console',
      url: '/console?layout=1&cameras=a',
      role: 'department',
      expected: { redirect: '/inbox' },
    },
    {
      name: 'a department may not open the board',
      url: '/board',
      role: 'department',
      expected: { redirect: '/inbox' },
    },
    { name: '/ takes a department to its inbox', url: '/', role: 'department', expected: { redirect: '/inbox' } },
    { name: 'the inbox shows for a department', url: '/inbox', role: 'department', expected: { screen: 'inbox' } },
    {
      name: "the inbox is not an operator's screen",
      url: '/inbox',
      role: 'operator',
      expected: { redirect: '/console' },
    },
    {
      name: "a department's next pointing at the console goes to the inbox",
      url: '/login?next=%2Fconsole',
      role: 'department',
      expected: { redirect: '/inbox' },
    },
    {
      name: "a department's next pointing at the inbox is kept",
      url: '/login?next=%2Finbox',
      role: 'department',
      expected: { redirect: '/inbox' },
    },
    {
      name: 'an inbox deep link sends a signed-out user to login and back',
      url: '/inbox',
      role: null,
      expected: { redirect: '/login?next=%2Finbox' },
    },
    { name: '/ takes the wall display to the wall', url: '/', role: 'wall', expected: { redirect: '/wall' } },
    {
      name: 'the wall display lands on the wall after sign-in',
      url: '/login',
      role: 'wall',
      expected: { redirect: '/wall' },
    },
    {
      name: 'the wall display may not open the console (no flagging, no layout saving)',
      url: '/console?layout=4',
      role: 'wall',
      expected: { redirect: '/wall' },
    },
    {
      name: "the wall display's next pointing at the console goes to the wall",
      url: '/login?next=%2Fconsole',
      role: 'wall',
      expected: { redirect: '/wall' },
    },
    {
      name: 'the wall keeps its monitor after sign-in',
      url: '/login?next=%2Fwall%3Fmonitor%3Dmain',
      role: 'wall',
      expected: { redirect: '/wall?monitor=main' },
    },
    {
      name: 'the wall shows for the wall display',
      url: '/wall?monitor=main',
      role: 'wall',
      expected: { screen: 'wall' },
    },
    { name: 'an operator may preview the wall', url: '/wall', role: 'operator', expected: { screen: 'wall' } },
    { name: 'a supervisor may preview the wall', url: '/wall', role: 'supervisor', expected: { screen: 'wall' } },
    { name: 'an admin may preview the wall', url: '/wall', role: 'admin', expected: { screen: 'wall' } },
    { name: 'a department may not open the wall', url: '/wall', role: 'department', expected: { redirect: '/inbox' } },
    {
      name: 'a wall deep link sends a signed-out user to login and back',
      url: '/wall?monitor=main',
      role: null,
      expected: { redirect: '/login?next=%2Fwall%3Fmonitor%3Dmain' },
    },
  ]
  for (const c of cases) {
    it(c.name, () => expect(decideRoute(at(c.url), c.role)).toEqual(c.expected))
  }

  it('the login url and the decision after sign-in are inverse', () => {
    const target = at('/console?cameras=%E4%B8%AD,b&layout=9#x')
    const login = loginUrlFor(target)
    expect(decideRoute(at(login), 'operator')).toEqual({ redirect: target.pathname + target.search })
  })
})

describe('safeNext', () => {
  const rejected = [
    null,
    '',
    'console',
    '//evil.example/x',
    '/\\evil.example',
    'https://evil.example/',
    '/login',
    '/login?next=%2Fconsole',
  ]
  for (const next of rejected) {
    it(`rejects ${JSON.stringify(next)}`, () => expect(safeNext(next)).toBeNull())
  }

  it('accepts a same-origin path with its query', () => {
    expect(safeNext('/console?layout=4&cameras=a,b')).toBe('/console?layout=4&cameras=a,b')
  })
})
