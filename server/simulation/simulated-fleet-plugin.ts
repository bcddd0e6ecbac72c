/**
 * Starts the simulated camera fleet as a supervised child process when the camera configuration enables
 * it (the shipped default), so `npm start` alone gives a working product. Real deployments delete
 * fleet.yaml or set SIMULATED_FLEET=off.
 */
import { join } from 'node:path'
import fp from 'fastify-plugin'
import { ProcessPool } from '../process/process-pool.ts'

const FLEET_MAIN = join(import.meta.dirname, '..', '..', 'fixtures', 'fleet', 'main.ts')
// The first start encodes the demo clips (about 35 s on 2 cores); later starts take a second.
const READY_TIMEOUT_MS = 180_000

export const simulatedFleetPlugin = fp<{ cameraConfigDir: string }>(async (app, { cameraConfigDir }) => {
  const pool = new ProcessPool({ logger: app.log })
  app.addHook('onClose', async () => pool.closeAll())

  let output = ''
  let announce: (() => void) | undefined
  const ready = new Promise<void>((resolve) => { announce = resolve })
  pool.start({
    name: 'simulated-fleet',
    command: { file: process.execPath, args: ['--import', 'tsx', FLEET_MAIN, '--config', cameraConfigDir, '--quiet'], captureStdout: true },
    onStdout: (chunk) => {
      output = (output + chunk.toString()).slice(-4096)
      const line = /fleet ready rtsp=(\d+) http=(\d+) cameras=(\d+)/.exec(output)
      if (line) {
        app.log.info({ rtspPort: Number(line[1]), httpPort: Number(line[2]), cameras: Number(line[3]) }, 'simulated fleet ready')
        output = ''
        announce?.()
      }
    },
  })
  app.log.info('starting the simulated camera fleet (the first start encodes its clips)')
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the simulated fleet did not become ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS)
  })
  try {
    await Promise.race([ready, timeout])
  } finally {
    clearTimeout(timer)
  }
}, { name: 'simulated-fleet' })
