/**
 * The camera configuration an administrator edits under camera-config/, as TypeBox schemas.
 * One schema drives validation at start-up, the JSON Schema files editors use, and the types.
 * No Node imports here: the web app imports these types too.
 */
import { Type, type Static } from 'typebox'
import type { RecordingSettings } from './recording.ts'
import type { WallConfig } from './wall.ts'

/** Ids are lower-case kebab words, as in docs/domain.md (`trouble-spot`, `cam-0017`, `g-03-02`). */
export const Id = Type.String({
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  maxLength: 64,
  description: 'lower-case id: letters, digits and single hyphens',
})

const Name = Type.String({ minLength: 1, maxLength: 80, description: 'display name in Chinese' })
const NameEn = Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'display name in English' }))
const Colour = Type.Optional(
  Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'status/legend colour, #rrggbb' }),
)

export const CameraCategory = Type.Object(
  { id: Id, name: Name, nameEn: NameEn, colour: Colour },
  { additionalProperties: false },
)

/** Time limits of the case loop, in minutes: acknowledge (签收) and handle (处置) after dispatch. */
export const TimeLimits = Type.Object(
  {
    acknowledgeMinutes: Type.Integer({ minimum: 1, maximum: 10080 }),
    handleMinutes: Type.Integer({ minimum: 1, maximum: 43200 }),
  },
  { additionalProperties: false },
)

export const EventCategory = Type.Object(
  {
    id: Id,
    name: Name,
    nameEn: NameEn,
    limits: TimeLimits,
  },
  { additionalProperties: false },
)

export const LatLng = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
)

/** GeoJSON Polygon (RFC 7946): rings of [lng, lat] positions, first position repeated last. */
export const GeoJsonPolygon = Type.Object(
  {
    type: Type.Literal('Polygon'),
    coordinates: Type.Array(
      Type.Array(
        Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]),
        { minItems: 4 },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
)

export const Community = Type.Object({ id: Id, name: Name, nameEn: NameEn }, { additionalProperties: false })

export const Grid = Type.Object(
  {
    id: Id,
    name: Name,
    nameEn: NameEn,
    community: Id,
    area: GeoJsonPolygon,
  },
  { additionalProperties: false },
)

export const Department = Type.Object(
  {
    id: Id,
    name: Name,
    nameEn: NameEn,
    phone: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
)

/**
 * A routing rule: event category x area -> lead + assisting departments. The most specific rule wins:
 * grid over community over the category-wide rule. `limits` override the category's own.
 */
export const RoutingRule = Type.Object(
  {
    category: Id,
    community: Type.Optional(Id),
    grid: Type.Optional(Id),
    lead: Id,
    assisting: Type.Optional(Type.Array(Id)),
    limits: Type.Optional(TimeLimits),
  },
  { additionalProperties: false },
)

/** A secret given directly, or by the name of an environment variable that holds it. */
const Password = Type.Optional(Type.String({ minLength: 1, maxLength: 128 }))
const PasswordEnv = Type.Optional(
  Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$', description: 'name of an environment variable holding the password' }),
)

export const OnvifSource = Type.Object(
  {
    type: Type.Literal('onvif'),
    host: Type.String({ minLength: 1, maxLength: 253 }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    path: Type.Optional(
      Type.String({ pattern: '^/', description: 'device service path, default /onvif/device_service' }),
    ),
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Password,
    passwordEnv: PasswordEnv,
  },
  { additionalProperties: false },
)

export const RtspSource = Type.Object(
  {
    type: Type.Literal('rtsp'),
    main: Type.String({ description: 'rtsp:// URL of the main stream, without credentials' }),
    sub: Type.Optional(Type.String({ description: 'rtsp:// URL of the sub stream, without credentials' })),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    password: Password,
    passwordEnv: PasswordEnv,
  },
  { additionalProperties: false },
)

/** A camera that pushes RTMP to the console (4G, body-worn, vehicle): it publishes to live/<streamKey>. */
export const RtmpPushSource = Type.Object(
  {
    type: Type.Literal('rtmp-push'),
    streamKey: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{16,128}$',
        description: 'the secret stream key the camera publishes with (16+ letters, digits, _ or -)',
      }),
    ),
    streamKeyEnv: Type.Optional(
      Type.String({
        pattern: '^[A-Z_][A-Z0-9_]*$',
        description: 'name of an environment variable holding the stream key',
      }),
    ),
  },
  { additionalProperties: false },
)

export const CameraSource = Type.Union([OnvifSource, RtspSource, RtmpPushSource])

export const Camera = Type.Object(
  {
    id: Id,
    name: Name,
    categories: Type.Array(Id, { minItems: 1 }),
    community: Id,
    grid: Id,
    location: LatLng,
    ptz: Type.Optional(Type.Boolean()),
    source: CameraSource,
  },
  { additionalProperties: false },
)

/** The simulated fleet (fixtures/fleet): cameras whose source points at it are served by it. */
export const FleetSettings = Type.Object(
  {
    enabled: Type.Boolean(),
    host: Type.String({ minLength: 1 }),
    rtspPort: Type.Integer({ minimum: 1, maximum: 65535 }),
    httpPort: Type.Integer({ minimum: 1, maximum: 65535 }),
    defaults: Type.Optional(
      Type.Object(
        {
          gopSeconds: Type.Optional(Type.Number({ minimum: 0.5, maximum: 10 })),
          codec: Type.Optional(Type.Union([Type.Literal('h264'), Type.Literal('h265')])),
        },
        { additionalProperties: false },
      ),
    ),
    overrides: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object(
          {
            gopSeconds: Type.Optional(Type.Number({ minimum: 0.5, maximum: 10 })),
            codec: Type.Optional(Type.Union([Type.Literal('h264'), Type.Literal('h265')])),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
)

/** What an external case status (Open311 / FixMyStreet) means here: the stage it moves the incident to. */
export const ExternalStatusRule = Type.Object(
  {
    stage: Type.Union([Type.Literal('in-progress'), Type.Literal('handled'), Type.Literal('closed')]),
    closeReason: Type.Optional(
      Type.Union([
        Type.Literal('resolved'),
        Type.Literal('not-responsible'),
        Type.Literal('no-further-action'),
        Type.Literal('duplicate'),
      ]),
    ),
  },
  { additionalProperties: false },
)

/** The feed to the district's shared case workflow (Open311 GeoReport v2). */
export const CaseFeedSettings = Type.Object(
  {
    enabled: Type.Boolean(),
    baseUrl: Type.String({ pattern: '^https?://', description: 'GeoReport v2 base URL, e.g. http://host/open311/v2' }),
    apiKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    apiKeyEnv: Type.Optional(Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$' })),
    jurisdictionId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Event category id -> the case system's service_code. */
    serviceCodes: Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 64 })),
    /** External status (OPEN, FIXED, CLOSED, ...) -> what it does here; statuses not listed are recorded only. */
    statusMap: Type.Optional(Type.Record(Type.String(), ExternalStatusRule)),
    pollSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600 })),
    /** Give up on an item after this many failed tries (it is parked for a person to retry). */
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    /** How long to wait for an answer before its outcome counts as unknown (default 10). */
    timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })),
  },
  { additionalProperties: false },
)

/** One file each under camera-config/, each with a single top-level key named like the file. */
export const ConfigFiles = {
  'camera-categories.yaml': Type.Object(
    { cameraCategories: Type.Array(CameraCategory, { minItems: 1 }) },
    { additionalProperties: false },
  ),
  'event-categories.yaml': Type.Object(
    { eventCategories: Type.Array(EventCategory, { minItems: 1 }) },
    { additionalProperties: false },
  ),
  'communities.yaml': Type.Object(
    { communities: Type.Array(Community, { minItems: 1 }) },
    { additionalProperties: false },
  ),
  'grids.yaml': Type.Object({ grids: Type.Array(Grid, { minItems: 1 }) }, { additionalProperties: false }),
  'departments.yaml': Type.Object(
    { departments: Type.Array(Department, { minItems: 1 }) },
    { additionalProperties: false },
  ),
  'routing.yaml': Type.Object({ rules: Type.Array(RoutingRule) }, { additionalProperties: false }),
  'cameras.yaml': Type.Object({ cameras: Type.Array(Camera) }, { additionalProperties: false }),
} as const

/** Optional: present only where a simulated fleet is used. */
export const FleetFile = {
  'fleet.yaml': Type.Object({ fleet: FleetSettings }, { additionalProperties: false }),
} as const

/** Optional: present where incidents feed the district's case system. */
export const CaseFeedFile = {
  'case-feed.yaml': Type.Object({ caseFeed: CaseFeedSettings }, { additionalProperties: false }),
} as const

export type CameraCategory = Static<typeof CameraCategory>
export type EventCategory = Static<typeof EventCategory>
export type TimeLimits = Static<typeof TimeLimits>
export type LatLng = Static<typeof LatLng>
export type GeoJsonPolygon = Static<typeof GeoJsonPolygon>
export type Community = Static<typeof Community>
export type Grid = Static<typeof Grid>
export type Department = Static<typeof Department>
export type RoutingRule = Static<typeof RoutingRule>
export type OnvifSource = Static<typeof OnvifSource>
export type RtspSource = Static<typeof RtspSource>
export type RtmpPushSource = Static<typeof RtmpPushSource>
export type CameraSource = Static<typeof CameraSource>
export type CameraDefinition = Static<typeof Camera>
export type FleetSettings = Static<typeof FleetSettings>
export type CaseFeedSettings = Static<typeof CaseFeedSettings>
export type ExternalStatusRule = Static<typeof ExternalStatusRule>

/** The whole validated configuration, as the server holds it. */
export interface CameraConfig {
  dir: string
  cameraCategories: CameraCategory[]
  eventCategories: EventCategory[]
  communities: Community[]
  grids: Grid[]
  departments: Department[]
  rules: RoutingRule[]
  cameras: CameraDefinition[]
  fleet: FleetSettings | null
  caseFeed: CaseFeedSettings | null
  /** wall.yaml: the wall display's monitors, presets and rules (null: the site has no wall). */
  wall: WallConfig | null
  /** recording.yaml: which cameras are recorded (absent or null: none). */
  recording?: RecordingSettings | null
}
