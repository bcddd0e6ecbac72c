import { describe, expect, it } from 'vitest'
import { ApiClient, ApiError, type Fetch } from './api-client.ts'

interface Call {
  input: string
  init: RequestInit
}

function fakeFetch(status: number, body: string, calls: Call[] = []): Fetch {
  return async (input, init) => {
    calls.push({ input, init })
    return new Response(status === 204 ? null : body, { status, headers: { 'content-type': 'application/json' } })
  }
}

describe('ApiClient', () => {
  it('sends JSON with the session cookie and returns the parsed body', async () => {
    const calls: Call[] = []
    const client = new ApiClient(
      fakeFetch(200, '{"user":{"id":1,"username":"admin","role":"admin","department":null}}', calls),
    )
    const result = await client.login({ username: 'admin', password: 'secret' })
    expect(result.user.username).toBe('admin')
    expect(calls[0]?.input).toBe('/api/auth/login')
    expect(calls[0]?.init.method).toBe('POST')
    expect(calls[0]?.init.credentials).toBe('same-origin')
    expect(calls[0]?.init.body).toBe('{"username":"admin","password":"secret"}')
    expect((calls[0]?.init.headers as Record<string, string>)['content-type']).toBe('application/json')
  })

  it('a GET sends no body and no content type', async () => {
    const calls: Call[] = []
    await new ApiClient(fakeFetch(200, '{"cameras":[]}', calls)).cameras()
    expect(calls[0]?.init.body).toBeUndefined()
    expect((calls[0]?.init.headers as Record<string, string>)['content-type']).toBeUndefined()
  })

  it('a 401 becomes an ApiError with the status and the server message', async () => {
    const client = new ApiClient(
      fakeFetch(401, '{"statusCode":401,"error":"Unauthorized","message":"用户名或密码错误"}'),
    )
    const error = await client.login({ username: 'admin', password: 'wrong' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(401)
    expect((error as ApiError).serverMessage).toBe('用户名或密码错误')
  })

  it('an error body that is not JSON still yields the status, without a server message', async () => {
    const error = await new ApiClient(fakeFetch(502, '<html>Bad Gateway</html>')).me().catch((e: unknown) => e)
    expect((error as ApiError).status).toBe(502)
    expect((error as ApiError).serverMessage).toBeNull()
  })

  it('an error body whose message is not a string yields no server message', async () => {
    const error = await new ApiClient(fakeFetch(500, '{"message":42}')).me().catch((e: unknown) => e)
    expect((error as ApiError).serverMessage).toBeNull()
  })

  it('a 204 resolves without parsing a body', async () => {
    await expect(new ApiClient(fakeFetch(204, '')).logout()).resolves.toBeUndefined()
  })
})
