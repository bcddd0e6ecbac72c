import { spawnSync } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeArgsFor, sourceNodeArgsFor } from './process/node-entry.ts'
import { makeTempDir } from './testing/temp-dir.ts'
import { SHIPPED_CONFIG_DIR, TEST_PASSWORD_HASH_N } from './testing/test-app.ts'
import { startTestServer, type TestServer } from './testing/test-server.ts'

const ROOT = join(import.meta.dirname, '..')
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function started(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options)
  cleanups.push(() => server.close())
  return server
}

async function login(url: string, username: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
}

/** `npm start`'s own command (the sources through tsx), where the other tests may run the suite's bundle. */
function runMain(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, sourceNodeArgsFor('server/main.ts'), {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', SIMULATED_FLEET: 'off', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { status: result.status, stderr: result.stderr }
}

describe('the server process', () => {
  it('starts, answers, logs the admin in, and exits 0 on SIGTERM', async () => {
    const server = await started()
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
    expect((await login(server.url, server.adminUsername, server.adminPassword)).status).toBe(200)
    expect(await server.close()).toBe(0)
  })

  it('keeps accounts and sessions in the data directory across a restart', async () => {
    const data = makeTempDir('restart')
    cleanups.push(() => data.remove())
    const first = await started({ dataDir: data.path })
    const response = await login(first.url, first.adminUsername, first.adminPassword)
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!
    await first.close()
    const second = await started({ dataDir: data.path })
    const me = await fetch(`${second.url}/api/auth/me`, { headers: { cookie } })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('admin')
  }, 120_000)

  it('generates and prints an admin password on a first start without ADMIN_PASSWORD', async () => {
    const server = await started({ env: { ADMIN_PASSWORD: '' } })
    const printed = /log in as admin with password (\S+) \(shown once/.exec(server.output())
    expect(printed).not.toBeNull()
    expect((await login(server.url, 'admin', printed![1]!)).status).toBe(200)
  })

  it('stops with exit code 2 and the file, line and field of a bad configuration', () => {
    const dir = makeTempDir('bad-config')
    cleanups.push(() => dir.remove())
    cpSync(SHIPPED_CONFIG_DIR, dir.path, { recursive: true })
    const file = join(dir.path, 'cameras.yaml')
    const text = readFileSync(file, 'utf8')
    writeFileSync(file, text.replace('grid: zhaolingpu-east-3\n', 'grid: g-99\n'))
    const line = text.split('\n').findIndex((l) => l.includes('grid: zhaolingpu-east-3')) + 1
    const data = makeTempDir('bad-config-data')
    cleanups.push(() => data.remove())
    const result = runMain({ CAMERA_CONFIG: dir.path, DATA_DIR: data.path, ADMIN_PASSWORD: 'irrelevant-pw' })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(`cameras.yaml:${line} cameras[2].grid: unknown grid "g-99"`)
  })

  it('stops with exit code 2 on a bad setting, naming the variable', () => {
    const result = runMain({ PORT: 'eighty' })
    expect(result.status).toBe(2)
    expect(result.stderr).toBe('bad setting: PORT: must be a whole number from 0 to 65535, got "eighty"\n')
  })
})

describe('npm run user', () => {
  it('adds a department account from stdin that can then log in, and refuses bad input with a message', async () => {
    const data = makeTempDir('user-cli')
    cleanups.push(() => data.remove())
    const cli = (args: string[], input = ''): { status: number | null; stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [...nodeArgsFor('scripts/user-cli.ts'), ...args], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: data.path, PASSWORD_HASH_N: String(TEST_PASSWORD_HASH_N) },
        input,
        encoding: 'utf8',
        timeout: 30_000,
      })
      return { status: r.status, stdout: r.stdout, stderr: r.stderr }
    }
    expect(
      cli(['add', 'env-bureau', '--role', 'department', '--department', 'environment'], 'green-and-clean-1\n'),
    ).toMatchObject({ status: 0, stdout: 'added env-bureau (department, environment)\n' })
    expect(cli(['add', 'x9', '--role', 'department', '--department', 'mars'], 'green-and-clean-1\n')).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('unknown department "mars"'),
    })
    expect(cli(['list']).stdout).toMatch(/^env-bureau\s+department\s+environment\s+active$/m)

    const server = await started({ dataDir: data.path })
    const response = await login(server.url, 'env-bureau', 'green-and-clean-1')
    expect(await response.json()).toMatchObject({ user: { role: 'department', department: 'environment' } })
    expect(cli(['disable', 'env-bureau']).status).toBe(0)
    expect((await login(server.url, 'env-bureau', 'green-and-clean-1')).status).toBe(401)
  }, 120_000)
})
