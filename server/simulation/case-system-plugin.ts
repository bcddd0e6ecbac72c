/**
 * Starts the reference district case system (fixtures/case-system) as a supervised child when the case
 * feed points at it on loopback (the shipped default), so `npm start` alone shows the whole loop. A real
 * deployment points CASE_FEED_URL elsewhere, or sets CASE_SYSTEM=off.
 */
import { join } from 'node:path'
import fp from 'fastify-plugin'
import { nodeArgsFor } from '../process/node-entry.ts'
import { ProcessPool } from '../process/process-pool.ts'
import { startReadyChild } from '../process/ready-child.ts'

/** The loopback port the feed URL names, when it names one (else the feed goes somewhere real). */
export function loopbackPort(baseUrl: string): number | undefined {
  const url = new URL(baseUrl)
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return undefined
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80))
}

export const caseSystemPlugin = fp<{ port: number; dataDir: string }>(
  async (app, { port, dataDir }) => {
    const pool = new ProcessPool({ logger: app.log })
    app.addHook('onClose', async () => pool.closeAll())
    await startReadyChild(pool, {
      name: 'reference-case-system',
      command: {
        file: process.execPath,
        args: [
          ...nodeArgsFor('fixtures/case-system/main.ts'),
          '--port',
          String(port),
          '--db',
          join(dataDir, 'case-system.db'),
          '--quiet',
        ],
      },
      ready: /case system ready port=(\d+)/,
      timeoutMs: 30_000,
      onReady: (m) => app.log.info({ port: Number(m[1]) }, 'reference case system ready'),
    })
  },
  { name: 'case-system' },
)
