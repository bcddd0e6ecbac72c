/**
 * A bare Chrome DevTools Protocol connection to one page: commands, answers and events, nothing else. The memory
 * run samples through it because a playwright connection injects its own script world into the page at
 * every connect, which the JS heap measurement would then count (measured: +5.4 MiB in 4 minutes of
 * reconnects every 10 s). Loopback only: the endpoint is Chromium's own DevTools port.
 */
import WebSocket from 'ws'

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

export class RawCdp {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Map<string, Set<(params: unknown) => void>>()

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        id?: number
        method?: string
        params?: unknown
        result?: unknown
        error?: { message: string }
      }
      if (message.id === undefined && message.method) {
        for (const listener of this.listeners.get(message.method) ?? []) listener(message.params)
        return
      }
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id)
      if (!waiter || message.id === undefined) return
      this.pending.delete(message.id)
      if (message.error) waiter.reject(new Error(message.error.message))
      else waiter.resolve(message.result)
    })
    socket.on('close', () => {
      for (const waiter of this.pending.values()) waiter.reject(new Error('the DevTools connection closed'))
      this.pending.clear()
    })
  }

  /** Connects to the first page whose URL `matches`, through the browser's DevTools HTTP endpoint. */
  static async toPage(browserEndpoint: string, matches: (url: string) => boolean): Promise<RawCdp> {
    const { host } = new URL(browserEndpoint)
    const targets = (await (
      await fetch(`http://${host}/json/list`, { signal: AbortSignal.timeout(5000) })
    ).json()) as Array<{ type: string; url: string; webSocketDebuggerUrl?: string }>
    const target = targets.find((t) => t.type === 'page' && matches(t.url) && t.webSocketDebuggerUrl)
    if (!target?.webSocketDebuggerUrl) throw new Error('no such page in Chromium')
    const socket = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false })
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return new RawCdp(socket)
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`${method}: no answer in ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer)
          resolve(value as T)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      })
      this.socket.send(JSON.stringify({ id, method, params }))
    })
  }

  /** Calls `listener` with the params of every `method` event until the returned function is called. */
  on(method: string, listener: (params: unknown) => void): () => void {
    const set = this.listeners.get(method) ?? new Set()
    this.listeners.set(method, set.add(listener))
    return () => set.delete(listener)
  }

  /** Runs an expression in the page (awaiting a promise) and returns its value. */
  async evaluate<T>(expression: string, timeoutMs = 30_000): Promise<T> {
    const answer = await this.send<{
      result: { value?: T }
      exceptionDetails?: { text: string; exception?: { description?: string } }
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, timeoutMs)
    if (answer.exceptionDetails)
      throw new Error(`in the page: ${answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text}`)
    return answer.result.value as T
  }

  close(): void {
    this.socket.close()
  }
}
