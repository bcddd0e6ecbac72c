/**
 * Settings from the environment, checked at start: a wrong value stops the server with a message
 * naming the variable, never a silent default.
 */
import { resolve } from 'node:path'
import { DEFAULT_HASH_N } from '../auth/password-hash.ts'
import { DEFAULT_TIME_ZONE } from '../contracts/api.ts'

export interface ServerSettings {
  host: string
  port: number
  dataDir: string
  cameraConfigDir: string
  /** Built web app; served at `/` when present. */
  webDir: string
  adminPassword: string | undefined
  /** Set the cookie's Secure flag (behind HTTPS). */
  secureCookies: boolean
  /** Login attempts per client address per minute. */
  loginRateLimit: number
  /** scrypt's N for new password hashes (PASSWORD_HASH_N): a power of two, 1024 up to the default 32768. */
  passwordHashN: number
  timeZone: string
  /** A camera counts as patrolled once it was on a screen this long without a break (PATROL_MIN_DWELL_S). */
  patrolMinDwellSeconds: number
  /** Start the simulated fleet when the configuration enables it (`SIMULATED_FLEET=off` to skip). */
  simulatedFleet: boolean
  /** Seconds between health checks of each camera (`CAMERA_HEALTH_INTERVAL_S`); 0 turns checking off. */
  cameraHealthIntervalSeconds: number
  logLevel: string
  /** LOG_FORMAT: `pretty` lines for a person at a terminal, `json` for a log collector (auto: by stdout). */
  logFormat: 'pretty' | 'json'
  /** A stream nobody requested for this long stops (LIVE_IDLE_STOP_S). */
  liveIdleStopMs: number
  /** Caps on concurrent restreams: copies are cheap (~1% of a core), transcodes are not (~15-20%). */
  maxCopyStreams: number
  maxTranscodeStreams: number
  /** No media this long from a running stream: ffmpeg is restarted (LIVE_STALL_S). */
  liveStallMs: number
  /** Record what recording.yaml asks for (`RECORDING=off` to skip: tests, a console-only install). */
  recording: boolean
  /** A recorded file is closed at the first keyframe after this many seconds (RECORDING_SEGMENT_S). */
  recordingSegmentSeconds: number
  /**
   * How far before a flag the clip of a recorded camera reaches, from its recording (RECORDED_CLIP_BEFORE_S);
   * never less than the memory clip's 10 s, which a camera not recorded gets.
   */
  recordedClipBeforeSeconds: number
  /** The largest export of a recorded range, in MiB of stored video (EXPORT_MAX_MB). */
  exportMaxMegabytes: number
  /** Where push cameras publish RTMP (RTMP_HOST, RTMP_PORT). */
  rtmpHost: string
  rtmpPort: number
  /** Override the case feed's URL and api key from case-feed.yaml (CASE_FEED_URL, CASE_FEED_API_KEY). */
  caseFeedUrl: string | undefined
  caseFeedApiKey: string | undefined
  /** Start the reference case system when the feed points at it on loopback (`CASE_SYSTEM=off` to skip). */
  caseSystem: boolean
  /** Our jurisdiction_id as an Open311 endpoint (OPEN311_JURISDICTION). */
  open311Jurisdiction: string
  /**
   * Which reverse proxies to believe about the client address (TRUST_PROXY): off, a hop count, or
   * addresses/CIDRs. The login rate limit and the logs use the address this yields.
   */
  trustProxy: false | number | string[]
  /** Origins besides the site's own that may send mutating requests and open sockets (ALLOWED_ORIGINS). */
  allowedOrigins: string[]
  /** Who may frame the app (FRAME_ANCESTORS): nobody by default. */
  frameAncestors: string[]
}

export class SettingsError extends Error {}

const ROOT = resolve(import.meta.dirname, '..', '..')

function integer(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max)
    throw new SettingsError(`${name}: must be a whole number from ${min} to ${max}, got "${raw}"`)
  return value
}

function flag(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase()
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true
  if (['0', 'false', 'off', 'no'].includes(raw)) return false
  throw new SettingsError(`${name}: must be on or off, got "${env[name]}"`)
}

/** Lower only: tests sign in hundreds of times; a console's accounts keep the full cost. */
function passwordHashN(env: Record<string, string | undefined>): number {
  const n = integer(env, 'PASSWORD_HASH_N', DEFAULT_HASH_N, 1024, DEFAULT_HASH_N)
  if ((n & (n - 1)) !== 0)
    throw new SettingsError(`PASSWORD_HASH_N: must be a power of two, got "${env['PASSWORD_HASH_N']}"`)
  return n
}

function trustProxy(raw: string | undefined): false | number | string[] {
  if (raw === undefined || raw === '' || raw.toLowerCase() === 'off') return false
  if (/^\d+$/.test(raw)) return Number(raw)
  const entries = raw.split(',').map((s) => s.trim())
  for (const entry of entries)
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry))
      throw new SettingsError(`TRUST_PROXY: off, a hop count, or proxy addresses/CIDRs, got "${entry}"`)
  return entries
}

function origins(env: Record<string, string | undefined>, name: string): string[] {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return []
  return raw.split(',').map((entry) => {
    const text = entry.trim()
    let url: URL
    try {
      url = new URL(text)
    } catch {
      throw new SettingsError(`${name}: "${text}" is not an origin such as https://wall.example.org`)
    }
    if (url.origin !== text.replace(/\/$/, ''))
      throw new SettingsError(`${name}: "${text}" is not an origin (scheme, host and port only)`)
    return url.origin
  })
}

function logFormat(raw: string | undefined, isTty: boolean): 'pretty' | 'json' {
  if (raw === undefined || raw === '' || raw === 'auto') return isTty ? 'pretty' : 'json'
  if (raw === 'pretty' || raw === 'json') return raw
  throw new SettingsError(`LOG_FORMAT: auto, pretty or json, got "${raw}"`)
}

export function readSettings(
  env: Record<string, string | undefined> = process.env,
  stdoutIsTty: boolean = process.stdout.isTTY === true,
): ServerSettings {
  const timeZone = env['TIME_ZONE'] || DEFAULT_TIME_ZONE
  try {
    new Intl.DateTimeFormat('en', { timeZone })
  } catch {
    throw new SettingsError(`TIME_ZONE: unknown time zone "${timeZone}"`)
  }
  const logLevel = env['LOG_LEVEL'] || 'info'
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    throw new SettingsError(`LOG_LEVEL: unknown level "${logLevel}"`)
  return {
    host: env['HOST'] || '0.0.0.0',
    port: integer(env, 'PORT', 8080, 0, 65535),
    dataDir: resolve(env['DATA_DIR'] || resolve(ROOT, 'data')),
    cameraConfigDir: resolve(env['CAMERA_CONFIG'] || resolve(ROOT, 'camera-config')),
    webDir: resolve(env['WEB_DIR'] || resolve(ROOT, 'dist', 'web')),
    adminPassword: env['ADMIN_PASSWORD'] || undefined,
    secureCookies: flag(env, 'SECURE_COOKIES', false),
    loginRateLimit: integer(env, 'LOGIN_RATE_LIMIT', 10, 1, 10000),
    passwordHashN: passwordHashN(env),
    timeZone,
    patrolMinDwellSeconds: integer(env, 'PATROL_MIN_DWELL_S', 10, 0, 3600),
    simulatedFleet: flag(env, 'SIMULATED_FLEET', true),
    cameraHealthIntervalSeconds: integer(env, 'CAMERA_HEALTH_INTERVAL_S', 30, 0, 3600),
    logLevel,
    logFormat: logFormat(env['LOG_FORMAT'], stdoutIsTty),
    liveIdleStopMs: integer(env, 'LIVE_IDLE_STOP_S', 30, 1, 3600) * 1000,
    maxCopyStreams: integer(env, 'MAX_COPY_STREAMS', 100, 0, 1000),
    maxTranscodeStreams: integer(env, 'MAX_TRANSCODE_STREAMS', 8, 0, 100),
    liveStallMs: integer(env, 'LIVE_STALL_S', 6, 2, 120) * 1000,
    recording: flag(env, 'RECORDING', true),
    recordingSegmentSeconds: integer(env, 'RECORDING_SEGMENT_S', 60, 1, 600),
    recordedClipBeforeSeconds: integer(env, 'RECORDED_CLIP_BEFORE_S', 60, 10, 600),
    exportMaxMegabytes: integer(env, 'EXPORT_MAX_MB', 1024, 1, 16384),
    rtmpHost: env['RTMP_HOST'] || '0.0.0.0',
    rtmpPort: integer(env, 'RTMP_PORT', 1935, 0, 65535),
    caseFeedUrl: env['CASE_FEED_URL'] || undefined,
    caseFeedApiKey: env['CASE_FEED_API_KEY'] || undefined,
    caseSystem: flag(env, 'CASE_SYSTEM', true),
    open311Jurisdiction: env['OPEN311_JURISDICTION'] || 'zhaolingpu',
    trustProxy: trustProxy(env['TRUST_PROXY']),
    allowedOrigins: origins(env, 'ALLOWED_ORIGINS'),
    frameAncestors: origins(env, 'FRAME_ANCESTORS'),
  }
}
