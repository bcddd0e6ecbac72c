import { describe, expect, it } from 'vitest'
import { silentLogger } from './logger.ts'
import { withParentDeathSignal } from './parent-death-signal.ts'
import { ProcessPool } from './process-pool.ts'
import { backoffDelay, supervise, type BackoffPolicy } from './supervisor.ts'
import { FakeRunner, FakeTimers } from './testing-fakes.ts'

const policy: BackoffPolicy = { initialMs: 500, maxMs: 4_000, healthyAfterMs: 10_000 }
const command = { file: 'ffmpeg', args: ['-i', 'x'] }

function setup() {
  const runner = new FakeRunner()
  const timers = new FakeTimers()
  const exits: Array<{ code: number | null; ranMs: number }> = []
  const process = supervise({
    name: 'test',
    command,
    runner,
    timers,
    logger: silentLogger,
    backoff: policy,
    killTimeoutMs: 2_000,
    onExit: ({ code, ranMs }) => exits.push({ code, ranMs }),
  })
  return { runner, timers, exits, process }
}

describe('backoffDelay', () => {
  it.each([
    ['the first restart waits the initial pause', 1, 500],
    ['the second restart waits twice as long', 2, 1_000],
    ['the fourth restart waits eight times as long', 4, 4_000],
    ['later restarts stay at the cap', 9, 4_000],
  ])('%s', (_name, attempt, expected) => {
    expect(backoffDelay(policy, attempt)).toBe(expected)
  })
})

describe('supervise', () => {
  it('restarts a failing command after pauses that double up to the cap', () => {
    const { runner, timers, exits } = setup()
    const pauses: number[] = []
    for (let i = 0; i < 5; i++) {
      runner.last.exit({ code: 1, signal: null })
      const before = runner.children.length
      let waited = 0
      while (runner.children.length === before) {
        timers.advance(100)
        waited += 100
      }
      pauses.push(waited)
    }
    expect(pauses).toEqual([500, 1_000, 2_000, 4_000, 4_000])
    expect(exits.map((e) => e.code)).toEqual([1, 1, 1, 1, 1])
  })

  it('resets the pause once a run lasted long enough to count as healthy', () => {
    const { runner, timers } = setup()
    runner.last.exit({ code: 1, signal: null })
    timers.advance(500)
    runner.last.exit({ code: 1, signal: null })
    timers.advance(1_000)
    expect(runner.children).toHaveLength(3)
    timers.advance(20_000)
    runner.last.exit({ code: 0, signal: null })
    timers.advance(499)
    expect(runner.children).toHaveLength(3)
    timers.advance(1)
    expect(runner.children).toHaveLength(4)
  })

  it('stop sends SIGTERM, resolves when the child exits and never restarts it', async () => {
    const { runner, timers, process } = setup()
    await process.stop()
    expect(runner.last.signals).toEqual(['SIGTERM'])
    timers.advance(60_000)
    expect(runner.children).toHaveLength(1)
    expect(process.pid).toBeUndefined()
  })

  it('stop sends SIGKILL when SIGTERM is ignored past the timeout', async () => {
    const { runner, timers, process } = setup()
    runner.last.obeysSigterm = false
    let stopped = false
    const stopping = process.stop().then(() => {
      stopped = true
    })
    await Promise.resolve()
    expect(stopped).toBe(false)
    timers.advance(2_000)
    await stopping
    expect(runner.last.signals).toEqual(['SIGTERM', 'SIGKILL'])
  })

  it('stop during the pause before a restart cancels the restart', async () => {
    const { runner, timers, process } = setup()
    runner.last.exit({ code: 1, signal: null })
    await process.stop()
    timers.advance(60_000)
    expect(runner.children).toHaveLength(1)
    expect(timers.pendingCount).toBe(0)
  })

  it('a command started with restart: false runs once', () => {
    const runner = new FakeRunner()
    const timers = new FakeTimers()
    supervise({ name: 'once', command, runner, timers, logger: silentLogger, restart: false })
    runner.last.exit({ code: 0, signal: null })
    timers.advance(60_000)
    expect(runner.children).toHaveLength(1)
  })
})

describe('ProcessPool', () => {
  it('closeAll stops every child, waits for each, and tracks their pids until then', async () => {
    const runner = new FakeRunner()
    const timers = new FakeTimers()
    const pool = new ProcessPool({ logger: silentLogger, runner, timers, parentDeathSignal: false })
    pool.start({ name: 'a', command })
    pool.start({ name: 'b', command })
    runner.children[1]!.obeysSigterm = false
    expect(pool.pids()).toEqual([1000, 1001])
    let closed = false
    const closing = pool.closeAll().then(() => {
      closed = true
    })
    await Promise.resolve()
    expect(closed).toBe(false)
    timers.advance(5_000)
    await closing
    expect(pool.pids()).toEqual([])
    expect(runner.children.map((c) => c.exited?.signal)).toEqual(['SIGTERM', 'SIGKILL'])
    expect(() => pool.start({ name: 'c', command })).toThrow(/closed/)
  })

  it('run resolves with the exit status once a one-shot command ends', async () => {
    const runner = new FakeRunner()
    const pool = new ProcessPool({ logger: silentLogger, runner, timers: new FakeTimers(), parentDeathSignal: false })
    const result = pool.run('encode', command)
    runner.last.exit({ code: 0, signal: null })
    await expect(result).resolves.toMatchObject({ code: 0, signal: null })
    expect(pool.pids()).toEqual([])
  })

  it('wraps commands in setpriv unless told not to', () => {
    const runner = new FakeRunner()
    const pool = new ProcessPool({ logger: silentLogger, runner, timers: new FakeTimers() })
    pool.start({ name: 'a', command })
    expect(runner.last.command).toEqual({ file: 'setpriv', args: ['--pdeathsig', 'KILL', '--', 'ffmpeg', '-i', 'x'] })
  })
})

describe('withParentDeathSignal', () => {
  it.each([
    [
      'ffmpeg gets SIGKILL when its parent dies',
      { file: 'ffmpeg', args: ['-re'] },
      ['--pdeathsig', 'KILL', '--', 'ffmpeg', '-re'],
    ],
    ['a command without arguments is wrapped too', { file: 'true', args: [] }, ['--pdeathsig', 'KILL', '--', 'true']],
  ])('%s', (_name, input, args) => {
    expect(withParentDeathSignal(input)).toEqual({ file: 'setpriv', args })
  })
})

describe('kick and logging', () => {
  it('a kicked child is killed and restarted after the back-off, and a stopped one is not', () => {
    const { runner, timers, process } = setup()
    const first = runner.last
    process.kick('no media for 5 s')
    expect(first.signals).toEqual(['SIGKILL'])
    timers.advance(500)
    expect(runner.children).toHaveLength(2)
    void process.stop()
    process.kick('after stop')
    expect(runner.last.signals).toEqual(['SIGTERM'])
  })

  it('masks credentials in the stderr lines it logs', () => {
    const lines: unknown[] = []
    const logger = {
      ...silentLogger,
      warn: (obj: object) => {
        lines.push(obj)
      },
    }
    const runner = new FakeRunner()
    supervise({ name: 'cam', command, runner, timers: new FakeTimers(), logger })
    runner.last.writeStderr('[rtsp @ 0x1] method DESCRIBE failed: 401 rtsp://admin:s3cret@10.0.0.5:554/main')
    expect(JSON.stringify(lines)).not.toContain('s3cret')
    expect(JSON.stringify(lines)).toContain('rtsp://***@10.0.0.5:554/main')
  })
})
