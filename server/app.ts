/**
 * buildApp: the whole server as one ordered list of plugins. Reading this list tells a newcomer what the
 * server does; each plugin declares what it depends on, and closes what it opened in reverse order.
 */
import { join } from 'node:path'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { authPlugin } from './auth/auth-plugin.ts'
import { authRoutes } from './auth/auth-routes.ts'
import { camerasPlugin } from './cameras/cameras-plugin.ts'
import { cameraSourcesPlugin } from './cameras/camera-sources-plugin.ts'
import { cameraHealthPlugin } from './cameras/health/camera-health-plugin.ts'
import { cameraPtzPlugin } from './cameras/ptz/ptz-routes.ts'
import { cameraSnapshotsPlugin } from './cameras/snapshots/snapshot-routes.ts'
import type { ServerSettings } from './config/server-settings.ts'
import { siteRoutes } from './config/site-routes.ts'
import { mediaPlugin } from './media/media-plugin.ts'
import { withPushCameras } from './media/push-camera-sources.ts'
import { rtmpIngestPlugin } from './media/rtmp/rtmp-ingest-plugin.ts'
import { casesPlugin } from './cases/cases-plugin.ts'
import { incidentsPlugin } from './incidents/incidents-plugin.ts'
import { patrolPlugin } from './patrol/patrol-plugin.ts'
import { realtimePlugin } from './realtime/realtime-plugin.ts'
import { recordingExportPlugin } from './recording/export-plugin.ts'
import { recordingPlugin } from './recording/recording-plugin.ts'
import { caseSystemPlugin, loopbackPort } from './simulation/case-system-plugin.ts'
import { simulatedFleetPlugin } from './simulation/simulated-fleet-plugin.ts'
import type { CameraConfig } from './contracts/camera-config.ts'
import { dbPlugin } from './db/db-plugin.ts'
import { errorHandlerPlugin } from './http/error-handler-plugin.ts'
import { healthRoutes } from './http/health-routes.ts'
import { siteGuardPlugin } from './http/site-guard-plugin.ts'
import { useSharedSerializers } from './http/shared-serializers.ts'
import { useStrictValidation } from './http/strict-validation.ts'
import { loggerOptions } from './http/logger-options.ts'
import { requestLogPlugin } from './http/request-log-plugin.ts'
import { checkReplyContracts } from './http/reply-contract-check.ts'
import { routeCatalogPlugin } from './http/route-catalog-plugin.ts'
import { wallPlugin } from './wall/wall-plugin.ts'
import { webPlugin } from './web/web-plugin.ts'

export const VERSION = '0.1.0'

/** What tests may replace: the clock of deadlines (everything else is real). */
export interface AppDeps {
  now?: () => number
  /** false: the case feed's worker and poller wait for the test to run them. */
  caseFeedAutoStart?: boolean
  /** Check every JSON reply against its route's response schema before it is serialized (tests). */
  checkReplies?: boolean
}

export async function buildApp(
  settings: ServerSettings,
  config: CameraConfig,
  deps: AppDeps = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(settings),
    // requestLogPlugin writes one line per request instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // One request body is at most a login or an incident note; media never arrives by body.
    bodyLimit: 1024 * 1024,
    // Behind a reverse proxy (TRUST_PROXY) the login rate limit and the logs see the real client address.
    trustProxy:
      typeof settings.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (settings.trustProxy as number)
        : settings.trustProxy,
    // The simulated fleet encodes its clips on a first start (~35 s, longer on a busy machine).
    pluginTimeout: 240_000,
  }).withTypeProvider<TypeBoxTypeProvider>()

  await app.register(routeCatalogPlugin) // every route as data (rights matrix, fuzz tests), first
  if (deps.checkReplies) checkReplyContracts(app) // tests: replies must match their declared schemas
  useStrictValidation(app) // bodies as sent, no coercion or dropped fields; decimal-only query numbers
  useSharedSerializers(app) // fastify's reply serializers, compiled once per schema in this process
  await app.register(requestLogPlugin) // one line per answered request; live video at debug
  await app.register(errorHandlerPlugin) // 4xx with messages, 5xx hidden
  await app.register(siteGuardPlugin, {
    // same-origin mutations, security headers
    allowedOrigins: settings.allowedOrigins,
    frameAncestors: settings.frameAncestors,
  })
  await app.register(dbPlugin, { dataDir: settings.dataDir }) // SQLite store, migrations
  await app.register(authPlugin, {
    // sessions, access control on every route
    departmentIds: new Set(config.departments.map((d) => d.id)),
    secureCookies: settings.secureCookies,
    passwordHashN: settings.passwordHashN,
  })
  await app.register(authRoutes, { loginRateLimit: settings.loginRateLimit, passwordHashN: settings.passwordHashN }) // login, logout, me
  await app.register(realtimePlugin, { allowedOrigins: settings.allowedOrigins }) // socket.io, cookie-authenticated; RealtimePublisher
  await app.register(healthRoutes, { version: VERSION }) // GET /api/health, public
  await app.register(siteRoutes, { config, timeZone: settings.timeZone }) // GET /api/config
  if (config.fleet?.enabled && settings.simulatedFleet) {
    // the simulated cameras, as a child process
    await app.register(simulatedFleetPlugin, { cameraConfigDir: config.dir })
  }
  await app.register(camerasPlugin, { config }) // camera sync + GET /api/cameras
  await app.register(cameraSourcesPlugin, { config, warmUp: settings.cameraHealthIntervalSeconds > 0 }) // ONVIF/RTSP stream sources (app.streamSources), the loopback RTSP relay
  await app.register(rtmpIngestPlugin, {
    // RTMP ingest child for push cameras (if any)
    config,
    host: settings.rtmpHost,
    port: settings.rtmpPort,
    dataDir: settings.dataDir,
  })
  await app.register(mediaPlugin, {
    // on-demand LL-HLS restreaming, /live, /api/streams
    resolver: withPushCameras(app.streamSources, app.rtmpIngest),
    limits: { maxCopies: settings.maxCopyStreams, maxTranscodes: settings.maxTranscodeStreams },
    idleStopMs: settings.liveIdleStopMs,
    stallTimeoutMs: settings.liveStallMs,
    spoolDir: join(settings.dataDir, 'live-spool'),
  })
  await app.register(cameraHealthPlugin, {
    // camera health checks -> camera:status
    intervalSeconds: settings.cameraHealthIntervalSeconds,
    isStreaming: (id) => app.streams.isStreaming(id),
    streamObservation: (id) => app.streams.streamObservation(id),
    onStreamHealth: (listener) => app.streams.onStreamHealth(listener),
  })
  await app.register(recordingPlugin, {
    // recording.yaml's cameras to disk (sharing the live streams), retention, playback as HLS VOD
    config,
    dataDir: settings.dataDir,
    timeZone: settings.timeZone,
    enabled: settings.recording,
    segmentSeconds: settings.recordingSegmentSeconds,
  })
  await app.register(cameraSnapshotsPlugin, { liveKeyframe: app.liveKeyframe }) // GET /api/cameras/:id/snapshot.jpg
  await app.register(cameraPtzPlugin) // PTZ move/stop/preset over ONVIF
  await app.register(patrolPlugin, {
    // layouts, tours, schedules, patrol log, coverage
    config,
    timeZone: settings.timeZone,
    minDwellSeconds: settings.patrolMinDwellSeconds,
  })
  await app.register(incidentsPlugin, {
    // incidents, case loop, SLA escalation, evidence, live events
    config,
    dataDir: settings.dataDir,
    timeZone: settings.timeZone,
    recordedClipBeforeMs: settings.recordedClipBeforeSeconds * 1000,
    ...(deps.now ? { now: deps.now } : {}),
  })
  await app.register(recordingExportPlugin, {
    // POST /api/cameras/:id/exports: a recorded range as an incident's evidence file, SHA-256 on its timeline
    dataDir: settings.dataDir,
    limits: { maxBytes: settings.exportMaxMegabytes * 1024 * 1024 },
  })
  const caseSystemPort =
    config.caseFeed?.enabled && settings.caseSystem
      ? loopbackPort(settings.caseFeedUrl ?? config.caseFeed.baseUrl)
      : undefined
  if (caseSystemPort !== undefined) {
    // the reference district case system, as a child process
    await app.register(caseSystemPlugin, { port: caseSystemPort, dataDir: settings.dataDir })
  }
  await app.register(casesPlugin, {
    config,
    settings,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.caseFeedAutoStart === false ? { autoStart: false } : {}),
  }) // Open311 in and out, outbox
  await app.register(wallPlugin, {
    // the wall display: monitors, presets, pushes, rules, wall:state, kiosk pairing
    config,
    timeZone: settings.timeZone,
    ...(deps.now ? { now: deps.now } : {}),
  })
  await app.register(webPlugin, { webDir: settings.webDir }) // the built console at /, last
  return app
}
