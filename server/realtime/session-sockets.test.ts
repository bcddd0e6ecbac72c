import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect, type Socket } from 'socket.io-client'
import type { ServerToClientEvents } from '../contracts/realtime-events.ts'
import { buildTestApp, type TestApp } from '../testing/test-app.ts'
import { nodeArgsFor } from '../process/node-entry.ts'
import { makeTempDir } from '../testing/temp-dir.ts'

const run = promisify(execFile)
const ROOT = join(import.meta.dirname, '..', '..')
const data = makeTempDir('session-sockets')
let t: TestApp
let url: string
const sockets: Socket[] = []

beforeAll(async () => {
  t = await buildTestApp({}, undefined, {}, data.path)
  for (const username of ['op1', 'op2', 'op3'])
    await t.app.accounts.add({ username, role: 'operator', password: `${username}-password` })
  url = await t.app.listen({ host: '127.0.0.1', port: 0 })
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await t.close()
  data.remove()
})

async function connected(cookie: string): Promise<Socket<ServerToClientEvents>> {
  const socket: Socket<ServerToClientEvents> = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie },
  })
  sockets.push(socket)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', (error) => reject(error))
  })
  return socket
}

/** Polls until the socket is disconnected by the server; fails after the deadline. */
async function disconnectedByServer(socket: Socket, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (socket.connected) {
    if (Date.now() > deadline) throw new Error('the socket is still connected')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('a socket lives as long as its session', () => {
  it('logout disconnects that session’s sockets, and only those', async () => {
    const cookie = await t.login('op1', 'op1-password')
    const other = await connected(await t.login('op1', 'op1-password'))
    const socket = await connected(cookie)
    const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve))
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })
    await disconnectedByServer(socket)
    expect(await reason).toBe('io server disconnect')
    expect(other.connected).toBe(true)
  })

  it('disabling the user through the accounts API disconnects every socket of theirs', async () => {
    const first = await connected(await t.login('op2', 'op2-password'))
    const second = await connected(await t.login('op2', 'op2-password'))
    t.app.accounts.disable('op2')
    await disconnectedByServer(first)
    await disconnectedByServer(second)
  })

  it('a user disabled in the store by another writer is found by the sweep', async () => {
    const socket = await connected(await t.login('op3', 'op3-password'))
    // The repository alone, as another process would leave it: no session ended in this process.
    t.app.users.setDisabledAt(t.app.users.findByUsername('op3')!.id, new Date().toISOString())
    await disconnectedByServer(socket)
  })

  it('a wall device revoked by `npm run wall -- revoke` (another process) is disconnected', async () => {
    const { code } = await t.app.wallPairing.pair('main', 'lobby-pc')
    const paired = await t.app.inject({ url: `/wall/pair?code=${code}` })
    const cookie = paired.cookies.find((c) => c.name === 'se_session')!
    const socket = await connected(`se_session=${cookie.value}`)
    const { stdout } = await run(process.execPath, [...nodeArgsFor('scripts/wall-cli.ts'), 'revoke', 'lobby-pc'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: data.path },
    })
    expect(stdout).toBe('revoked lobby-pc; its session has ended\n')
    await disconnectedByServer(socket)
    await expect(connected(`se_session=${cookie.value}`)).rejects.toThrow('unauthorized: please log in')
  })

  it('the wall CLI prints a pairing link for the address and port the server uses', async () => {
    const { stdout } = await run(
      process.execPath,
      [...nodeArgsFor('scripts/wall-cli.ts'), 'pair', 'side', '--name', 'side-pc', '--host', 'wall-server.local'],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: data.path, PORT: '8181' } },
    )
    const link = /^http:\/\/wall-server\.local:8181\/wall\/pair\?code=([A-Za-z0-9_-]{32})$/m.exec(stdout)
    expect(link, stdout).not.toBeNull()
    // The kiosk command for the wall PC, with the link and V8 without its JIT.
    expect(stdout).toContain(
      `chromium --kiosk --autoplay-policy=no-user-gesture-required --js-flags=--jitless '${link![0]}'`,
    )
    const paired = await t.app.inject({ url: `/wall/pair?code=${link![1]}` })
    expect(paired.headers.location).toBe('/wall?monitor=side')
  })
})
