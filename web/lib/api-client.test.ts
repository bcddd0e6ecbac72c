import { describe, expect, it, vi } from 'vitest'
import { ApiClient, ApiError, type Fetch, type SessionGuard } from './api-client.ts'

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

describe('ApiClient with a session guard', () => {
  const ended = '{"statusCode":401,"code":"auth.session-ended","params":{},"message":"your session has ended"}'

  /** Answers with `answers` in turn (the last one repeats), recording every call. */
  function scripted(answers: Array<[number, string]>, calls: Call[]): Fetch {
    return async (input, init) => {
      calls.push({ input, init })
      const [status, body] = answers[Math.min(calls.length - 1, answers.length - 1)]!
      return new Response(body, { status, headers: { 'content-type': 'application/json' } })
    }
  }

  class Guard implements SessionGuard {
    renewals = 0
    lost = 0
    #resolve: ((renewed: boolean) => void) | null = null
    constructor(readonly applies = true) {}
    sessionLost(): Promise<boolean> | null {
      this.lost += 1
      if (!this.applies) return null
      return new Promise((resolve) => (this.#resolve = resolve))
    }
    answer(renewed: boolean): void {
      if (renewed) this.renewals += 1
      this.#resolve?.(renewed)
    }
  }

  it('a 401 waits for the sign-in and sends the same call again, Idempotency-Key and body unchanged', async () => {
    const calls: Call[] = []
    const client = new ApiClient(
      scripted(
        [
          [401, ended],
          [201, '{"id":5}'],
        ],
        calls,
      ),
    )
    const guard = new Guard()
    client.guardSession(guard)
    const created = client.createIncident({ cameraId: 'cam-1', category: 'litter', severity: 'normal' }, 'key-1')
    await vi.waitFor(() => expect(guard.lost).toBe(1))
    expect(calls.length).toBe(1)
    guard.answer(true)
    expect(await created).toEqual({ id: 5 })
    expect(calls.length).toBe(2)
    expect(calls[1]!.init.body).toBe(calls[0]!.init.body)
    expect((calls[1]!.init.headers as Record<string, string>)['idempotency-key']).toBe('key-1')
  })

  it('gives the 401 to the caller when the user gives up', async () => {
    const client = new ApiClient(scripted([[401, ended]], []))
    const guard = new Guard()
    client.guardSession(guard)
    const failed = client.cameras().catch((e: unknown) => e)
    await vi.waitFor(() => expect(guard.lost).toBe(1))
    guard.answer(false)
    expect(((await failed) as ApiError).status).toBe(401)
  })

  it('fails at once where no sign-in in place applies (the wall, nobody signed in)', async () => {
    const client = new ApiClient(scripted([[401, ended]], []))
    client.guardSession(new Guard(false))
    expect(((await client.cameras().catch((e: unknown) => e)) as ApiError).status).toBe(401)
  })

  it('a 401 to a call sent before the latest sign-in is sent again without asking', async () => {
    const calls: Call[] = []
    const guard = new Guard()
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const client = new ApiClient(async (input, init) => {
      calls.push({ input, init })
      if (calls.length === 1) {
        await gate
        return new Response(ended, { status: 401 })
      }
      return new Response('{"cameras":[]}', { status: 200 })
    })
    client.guardSession(guard)
    const list = client.cameras()
    guard.renewals += 1
    release()
    expect(await list).toEqual({ cameras: [] })
    expect(guard.lost).toBe(0)
    expect(calls.length).toBe(2)
  })

  it('a wrong password at sign-in is an answer, not an ended session', async () => {
    const client = new ApiClient(scripted([[401, '{"code":"auth.wrong-credentials","message":"wrong"}']], []))
    const guard = new Guard()
    client.guardSession(guard)
    const error = await client.login({ username: 'a', password: 'b' }).catch((e: unknown) => e)
    expect((error as ApiError).status).toBe(401)
    expect(guard.lost).toBe(0)
  })
})
