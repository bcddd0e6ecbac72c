/**
 * The one way the web app talks to the server: JSON in and out, the session cookie sent same-origin,
 * and every non-2xx answer turned into an ApiError carrying the status and the server's message.
 */
import type { CameraList, LoginBody, PublicConfig, SessionUser } from '../../server/contracts/api.ts'

export class ApiError extends Error {
  readonly status: number
  /** The server's `message` for people, when the body had one; otherwise null. */
  readonly serverMessage: string | null

  constructor(status: number, serverMessage: string | null, path: string) {
    super(serverMessage ?? `HTTP ${status} from ${path}`)
    this.name = 'ApiError'
    this.status = status
    this.serverMessage = serverMessage
  }
}

/** Reads `message` from an error body without trusting its shape (proxies may answer with HTML). */
export function messageFromBody(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('message' in body)) return null
  const message = (body as { message: unknown }).message
  return typeof message === 'string' && message.trim() !== '' ? message : null
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export type Fetch = (input: string, init: RequestInit) => Promise<Response>

export class ApiClient {
  readonly #fetch: Fetch

  // Late-bound so tests can stub globalThis.fetch after the client is created.
  constructor(fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init)) {
    this.#fetch = fetchImpl
  }

  async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    const init: RequestInit = { method, headers, credentials: 'same-origin' }
    if (body !== undefined) {
      headers['content-type'] = 'application/json'
      init.body = JSON.stringify(body)
    }
    const response = await this.#fetch(path, init)
    const parsed = await readJson(response)
    if (!response.ok) throw new ApiError(response.status, messageFromBody(parsed), path)
    return parsed as T
  }

  login(body: LoginBody): Promise<{ user: SessionUser }> {
    return this.request('POST', '/api/auth/login', body)
  }

  me(): Promise<{ user: SessionUser }> {
    return this.request('GET', '/api/auth/me')
  }

  async logout(): Promise<void> {
    await this.request('POST', '/api/auth/logout')
  }

  cameras(): Promise<CameraList> {
    return this.request('GET', '/api/cameras')
  }

  config(): Promise<PublicConfig> {
    return this.request('GET', '/api/config')
  }
}

/** 204 and non-JSON bodies read as undefined rather than throwing a SyntaxError that hides the status. */
async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined
  const text = await response.text()
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export const api = new ApiClient()
