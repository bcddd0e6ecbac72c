/**
 * Exports of recorded ranges as incident evidence (export-routes.ts): after both the recording and the
 * incidents plugins, as it joins the two.
 */
import fp from 'fastify-plugin'
import { join } from 'node:path'
import { EvidenceStore } from '../incidents/evidence-store.ts'
import { ProcessPool } from '../process/process-pool.ts'
import { exportRoutes, type ExportLimits } from './export-routes.ts'
import { RecordingsRepository } from './recordings-repository.ts'

export interface RecordingExportOptions {
  dataDir: string
  limits?: Partial<ExportLimits>
}

export const recordingExportPlugin = fp<RecordingExportOptions>(
  async (app, options) => {
    const repository = new RecordingsRepository(app.db)
    const processes = new ProcessPool({ logger: app.log })
    app.addHook('preClose', async () => processes.closeAll())
    await app.register(exportRoutes, {
      files: {
        root: join(options.dataDir, 'recordings'),
        repository,
        recorderOf: (cameraId) => app.recording.recorderOf(cameraId),
      },
      repository,
      incidents: app.incidents,
      evidence: new EvidenceStore(join(options.dataDir, 'evidence')),
      processes,
      audit: app.viewingAudit,
      retentionDays: (cameraId) => app.recording.retentionDays(cameraId),
      ...(options.limits && { limits: options.limits }),
    })
  },
  { name: 'recording-export', dependencies: ['recording', 'incidents'] },
)
