import { describe, expect, it } from 'vitest'
import { silentLogger } from './logger.ts'
import { ProcessPool } from './process-pool.ts'
import { waitFor } from '../testing/wait-for.ts'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('ProcessPool with real processes', () => {
  it('closeAll ends a real child (through setpriv) and its pid is gone', async () => {
    const pool = new ProcessPool({ logger: silentLogger })
    pool.start({ name: 'sleeper', command: { file: 'sleep', args: ['60'] } })
    const pid = await waitFor(() => pool.pids()[0], 30_000, 'the child to start')
    expect(alive(pid)).toBe(true)
    await pool.closeAll()
    expect(alive(pid)).toBe(false)
  })

  it('run collects stdout of a one-shot command', async () => {
    const pool = new ProcessPool({ logger: silentLogger })
    const result = await pool.run('echo', { file: 'echo', args: ['hello'] })
    expect(result.code).toBe(0)
    expect(result.stdout.toString()).toBe('hello\n')
  })
})
