import { describe, expect, it } from 'vitest'
import { silentLogger } from './logger.ts'
import { ProcessPool } from './process-pool.ts'
import { childEnvironment } from './process-runner.ts'

describe('a child process environment', () => {
  it('keeps PATH and the locale, drops everything else, and adds what the command names', () => {
    const from = { PATH: '/usr/bin', LANG: 'C.UTF-8', ADMIN_PASSWORD: 'secret-1', CAM_0001_PASSWORD: 'secret-2' }
    expect(childEnvironment({ RTMP_PLAY_SECRET: 'play' }, from)).toEqual({
      PATH: '/usr/bin',
      LANG: 'C.UTF-8',
      RTMP_PLAY_SECRET: 'play',
    })
  })

  it("a real child sees none of the server's secrets", async () => {
    process.env['ADMIN_PASSWORD'] = 'admin-secret-in-parent'
    try {
      const pool = new ProcessPool({ logger: silentLogger })
      const result = await pool.run('env', { file: 'env', args: [], env: { GIVEN: 'yes' } })
      const seen = result.stdout.toString()
      expect(seen).toContain('GIVEN=yes')
      expect(seen).toContain('PATH=')
      expect(seen).not.toContain('admin-secret-in-parent')
    } finally {
      delete process.env['ADMIN_PASSWORD']
    }
  })
})
