/**
 * Starts the simulated camera fleet as a supervised child process when the camera configuration enables
 * it (the shipped default), so `npm start` alone gives a working product. Real deployments delete
 * fleet.yaml or set SIMULATED_FLEET=off.
 */
import fp from 'fastify-plugin'
import { nodeArgsFor } from '../process/node-entry.ts'
import { ProcessPool } from '../process/process-pool.ts'
import { startReadyChild } from '../process/ready-child.ts'

export const simulatedFleetPlugin = fp<{ cameraConfigDir: string }>(
  async (app, { cameraConfigDir }) => {
    const pool = new ProcessPool({ logger: app.log })
    app.addHook('onClose', async () => pool.closeAll())
    app.log.info('starting the simulated camera fleet (the first start encodes its clips)')
    await startReadyChild(pool, {
      name: 'simulated-fleet',
      command: {
        file: process.execPath,
        args: [...nodeArgsFor('fixtures/fleet/main.ts'), '--config', cameraConfigDir, '--quiet'],
      },
      ready: /fleet ready rtsp=(\d+) http=(\d+) cameras=(\d+)/,
      // The first start encodes the demo clips (about 35 s on 2 cores); later starts take a second.
      timeoutMs: 180_000,
      onReady: (m) =>
        app.log.info(
          { rtspPort: Number(m[1]), httpPort: Number(m[2]), cameras: Number(m[3]) },
          'simulated fleet ready',
        ),
    })
  },
  { name: 'simulated-fleet' },
)
