/**
 * Live video: on-demand restreaming (one ffmpeg per camera stream, shared by all viewers) into LL-HLS
 * (the newest seconds in memory, the rest of each 30 s window in the segment spool), the viewing audit,
 * and the stream list. Every ffmpeg is ended and the spool removed when the server closes.
 */
import fp from 'fastify-plugin'
import type { StreamSourceResolver } from '../cameras/stream-source.ts'
import { ProcessPool } from '../process/process-pool.ts'
import { SegmentSpool } from './segment-spool.ts'
import { fmp4ContainerArgs } from './hls/fmp4-output-args.ts'
import { LivePackager } from './hls/live-packager.ts'
import { liveKeyframeJpeg } from './live-keyframe.ts'
import { liveRoutes } from './live-routes.ts'
import type { Quality } from '../contracts/media.ts'
import { StreamManager, type StreamLimits } from './stream-manager.ts'
import { ViewingAudit } from './viewing-audit.ts'
import { StoredProbeMemory } from './probe-memory.ts'
import type { RecordingStatus } from '../contracts/media.ts'

declare module 'fastify' {
  interface FastifyInstance {
    streams: StreamManager
    viewingAudit: ViewingAudit
    /** A JPEG of a running stream's newest keyframe (of `quality`, else main or sub), or undefined when none runs. */
    liveKeyframe: (cameraId: string, quality?: Quality) => Promise<Buffer | undefined>
    /** What `/api/streams` says of recording: the recorder fills it in when it runs. */
    recordingStatus: RecordingStatusSlot
  }
}

export interface RecordingStatusSlot {
  list: () => RecordingStatus[] | undefined
}

export interface MediaOptions {
  resolver: StreamSourceResolver
  limits: StreamLimits
  idleStopMs: number
  stallTimeoutMs: number
  /** Where segments older than the newest few seconds are kept (emptied at start). */
  spoolDir: string
}

// A viewer whose player sent nothing for this long has stopped watching (players poll every ~0.3-2 s).
const VIEWER_IDLE_MS = 15_000

export const mediaPlugin = fp<MediaOptions>(
  async (app, options) => {
    const processes = new ProcessPool({ logger: app.log })
    const spool = await SegmentSpool.open(options.spoolDir, app.log)
    const streams = new StreamManager({
      processes,
      resolver: options.resolver,
      logger: app.log,
      limits: options.limits,
      createPackager: (quickStart) => new LivePackager({ quickStart, store: spool.forStream() }),
      outputArgs: fmp4ContainerArgs,
      idleStopMs: options.idleStopMs,
      stallTimeoutMs: options.stallTimeoutMs,
      probeMemory: new StoredProbeMemory(app.db),
    })
    const audit = new ViewingAudit(app.db, VIEWER_IDLE_MS)
    const sweeper = setInterval(() => audit.sweep(), 5000)
    sweeper.unref()
    app.decorate('streams', streams)
    app.decorate('liveKeyframe', (cameraId: string, quality?: Quality) =>
      liveKeyframeJpeg(streams, processes, cameraId, quality && [quality]),
    )
    const recordingStatus: RecordingStatusSlot = { list: () => undefined }
    app.decorate('recordingStatus', recordingStatus)
    app.decorate('viewingAudit', audit)
    await app.register(liveRoutes, { streams, audit, recordingStatus })

    app.addHook('preClose', async () => {
      clearInterval(sweeper)
      await streams.closeAll()
      await processes.closeAll()
      await spool.close()
      audit.endAll()
    })
  },
  { name: 'media', dependencies: ['db', 'auth', 'cameras'] },
)
