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

  it('a 401 becomes an ApiError with the status and the server body: code, params, English message', async () => {
    const client = new ApiClient(
      fakeFetch(
        401,
        '{"statusCode":401,"error":"Unauthorized","code":"auth.wrong-credentials","params":{},"message":"wrong username or password"}',
      ),
    )
    const error = await client.login({ username: 'admin', password: 'wrong' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(401)
    expect((error as ApiError).problem).toEqual({
      code: 'auth.wrong-credentials',
      params: {},
      message: 'wrong username or password',
    })
  })

  it('keeps the params of a code, and only string or number values', async () => {
    const body = {
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'auth.rate-limited',
      params: { seconds: 52, extra: { nested: true } },
      message: 'too many login attempts; try again in 52 s',
    }
    const error = await new ApiClient(fakeFetch(429, JSON.stringify(body))).me().catch((e: unknown) => e)
    expect((error as ApiError).problem.params).toEqual({ seconds: 52 })
  })

  it('a code this build does not know is dropped; the English message stays for the fallback', async () => {
    const body = '{"statusCode":409,"error":"Conflict","code":"future.thing","params":{},"message":"something new"}'
    const error = await new ApiClient(fakeFetch(409, body)).me().catch((e: unknown) => e)
    expect((error as ApiError).problem).toEqual({ code: null, params: {}, message: 'something new' })
  })

  it('an error body that is not JSON still yields the status, without a server problem', async () => {
    const error = await new ApiClient(fakeFetch(502, '<html>Bad Gateway</html>')).me().catch((e: unknown) => e)
    expect((error as ApiError).status).toBe(502)
    expect((error as ApiError).problem).toEqual({ code: null, params: {}, message: null })
  })

  it('an error body whose message is not a string yields no server message', async () => {
    const error = await new ApiClient(fakeFetch(500, '{"message":42}')).me().catch((e: unknown) => e)
    expect((error as ApiError).problem.message).toBeNull()
  })

  it('a 204 resolves without parsing a body', async () => {
    await expect(new ApiClient(fakeFetch(204, '')).logout()).resolves.toBeUndefined()
  })
})
