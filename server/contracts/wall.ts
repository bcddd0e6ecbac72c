/**
 * The wall display: monitors (one browser each), presets (a grid of zones), what operators push onto a
 * monitor and what rules put there. `WallFile` is camera-config/wall.yaml; `WallState` is what a monitor's
 * browser renders. No Node imports: the web app imports these types.
 */
import { Type, type Static } from 'typebox'
import { Id, LatLng } from './camera-config.ts'
import { Incident } from './incidents.ts'

const Name = Type.String({ minLength: 1, maxLength: 80, description: 'display name in Chinese' })
const NameEn = Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'display name in English' }))
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, site time zone' })

/** A tour inside a zone: cameras picked by id, category or community, paged every `dwellSeconds`. */
export const WallTour = Type.Object(
  {
    cameras: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 400 })),
    categories: Type.Optional(Type.Array(Id, { minItems: 1 })),
    communities: Type.Optional(Type.Array(Id, { minItems: 1 })),
    dwellSeconds: Type.Integer({ minimum: 5, maximum: 3600 }),
  },
  { additionalProperties: false },
)
export type WallTour = Static<typeof WallTour>

/** What a zone of a preset shows. */
export const ZoneContent = Type.Union([
  /** Live tiles (sub streams): a fixed list, or a tour; `split` tiles in the zone (1, 4, 9, 16). */
  Type.Object(
    {
      kind: Type.Literal('tiles'),
      cameras: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 16 })),
      tour: Type.Optional(WallTour),
      split: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(4), Type.Literal(9), Type.Literal(16)])),
    },
    { additionalProperties: false },
  ),
  /** The map of communities and grids, cameras coloured by health, open incidents by stage. */
  Type.Object(
    {
      kind: Type.Literal('map'),
      center: Type.Optional(LatLng),
      zoom: Type.Optional(Type.Number({ minimum: 1, maximum: 20 })),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('ticker') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('stats') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('health') }, { additionalProperties: false }),
  /** Empty (a calm placeholder) until a rule or a push fills it. */
  Type.Object({ kind: Type.Literal('alarm') }, { additionalProperties: false }),
])
export type ZoneContent = Static<typeof ZoneContent>

/** A zone: a rectangle of the preset's grid, 0-based row/column, spanning rows x cols cells. */
export const WallZone = Type.Object(
  {
    id: Id,
    row: Type.Integer({ minimum: 0, maximum: 11 }),
    col: Type.Integer({ minimum: 0, maximum: 11 }),
    rows: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    cols: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    content: ZoneContent,
  },
  { additionalProperties: false },
)
export type WallZone = Static<typeof WallZone>

export const WallPreset = Type.Object(
  {
    id: Id,
    name: Name,
    nameEn: NameEn,
    grid: Type.Object(
      { rows: Type.Integer({ minimum: 1, maximum: 12 }), cols: Type.Integer({ minimum: 1, maximum: 12 }) },
      { additionalProperties: false },
    ),
    zones: Type.Array(WallZone, { minItems: 1 }),
  },
  { additionalProperties: false },
)
export type WallPreset = Static<typeof WallPreset>

/** Days are ISO weekdays, 1 = Monday; no `days`: every day. */
export const WallScheduleEntry = Type.Object(
  {
    preset: Id,
    from: Clock,
    to: Clock,
    days: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 })),
  },
  { additionalProperties: false },
)
export type WallScheduleEntry = Static<typeof WallScheduleEntry>

export const WallMonitor = Type.Object(
  {
    id: Id,
    name: Name,
    nameEn: NameEn,
    defaultPreset: Id,
    /** The zone rules fill (a zone of every preset this monitor shows; pushes without a zone go there too). */
    alarmZone: Type.Optional(Id),
    schedule: Type.Optional(Type.Array(WallScheduleEntry)),
  },
  { additionalProperties: false },
)
export type WallMonitor = Static<typeof WallMonitor>

export const WALL_RULE_EVENTS = ['incident-urgent', 'incident-escalated', 'camera-down'] as const
export type WallRuleEvent = (typeof WALL_RULE_EVENTS)[number]

/**
 * When `on` happens, its camera (and incident) go to the alarm zone of `monitors` (all: every monitor) for
 * `minutes`; a rule naming a `preset` switches those monitors to that preset for `minutes` instead.
 */
export const WallRule = Type.Object(
  {
    on: Type.Enum(WALL_RULE_EVENTS),
    monitors: Type.Optional(Type.Array(Id, { minItems: 1 })),
    minutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    /** A preset to show instead of filling the alarm zone (it must hold each monitor's alarm zone). */
    preset: Type.Optional(Id),
    /** Only these camera categories (camera-down) or event categories (incidents). */
    categories: Type.Optional(Type.Array(Id, { minItems: 1 })),
  },
  { additionalProperties: false },
)
export type WallRule = Static<typeof WallRule>

/** Base map: the grids drawn from grids.yaml, over raster tiles only when a site has a map server. */
export const WallMap = Type.Object(
  {
    center: Type.Optional(LatLng),
    zoom: Type.Optional(Type.Number({ minimum: 1, maximum: 20 })),
    tileUrl: Type.Optional(
      Type.String({ pattern: '^https?://', description: 'e.g. http://maps.local/{z}/{x}/{y}.png' }),
    ),
    attribution: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)

export const WallConfig = Type.Object(
  {
    centreName: Name,
    centreNameEn: NameEn,
    map: Type.Optional(WallMap),
    monitors: Type.Array(WallMonitor, { minItems: 1 }),
    presets: Type.Array(WallPreset, { minItems: 1 }),
    rules: Type.Optional(Type.Array(WallRule)),
  },
  { additionalProperties: false },
)
export type WallConfig = Static<typeof WallConfig>

/** camera-config/wall.yaml (optional: without it there is no wall). */
export const WallFile = { 'wall.yaml': Type.Object({ wall: WallConfig }, { additionalProperties: false }) }

/** What is pushed: a camera, an operator's layout (cameras in order), or an incident (its camera + details). */
export const PushBody = Type.Object(
  {
    monitor: Id,
    zone: Type.Optional(Id),
    camera: Type.Optional(Id),
    layout: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 16 })),
    incident: Type.Optional(Type.Integer({ minimum: 1 })),
    seconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400 })),
  },
  { additionalProperties: false },
)
export type PushBody = Static<typeof PushBody>

/** A zone's content replaced for a while, by a person (push) or a rule. */
export const WallOverride = Type.Object({
  zone: Id,
  content: Type.Union([
    Type.Object({ kind: Type.Literal('camera'), camera: Id }),
    Type.Object({ kind: Type.Literal('layout'), cameras: Type.Array(Id) }),
    Type.Object({ kind: Type.Literal('incident'), incident: Incident }),
  ]),
  source: Type.Union([Type.Literal('push'), Type.Literal('rule')]),
  /** The username who pushed, or the rule's event (`incident-urgent`, ...). */
  by: Type.String(),
  /** UTC ISO 8601. */
  until: Type.String({ format: 'date-time' }),
})
export type WallOverride = Static<typeof WallOverride>

/** A rule's switch of a monitor's preset, in force until `until`. */
export const WallPresetSwitch = Type.Object({
  preset: Id,
  /** The rule's event (`incident-escalated`, ...). */
  by: Type.String(),
  /** UTC ISO 8601. */
  until: Type.String({ format: 'date-time' }),
})
export type WallPresetSwitch = Static<typeof WallPresetSwitch>

/**
 * A tour zone of the preset in force, resolved from the configuration by the server: the cameras it pages
 * through, in order, and how long each page stays. The wall starts its tour tiles from this alone, without
 * waiting for the camera list (server/contracts/wall-paging.ts pages it).
 */
export const WallTourCameras = Type.Object({
  zone: Id,
  cameras: Type.Array(Id),
  dwellSeconds: Type.Integer({ minimum: 1 }),
})
export type WallTourCameras = Static<typeof WallTourCameras>

/** Everything a monitor's browser needs to render: sent on load and as `wall:state` on every change. */
export const WallState = Type.Object({
  monitor: WallMonitor,
  /** The preset in force now: a rule's switch, else the schedule's, else the monitor's default. */
  preset: WallPreset,
  /** The rule's switch that put `preset` there; null when the schedule or the default did. */
  presetSwitch: Type.Union([WallPresetSwitch, Type.Null()]),
  /** In force now, on zones of `preset`, at most one per zone. */
  overrides: Type.Array(WallOverride),
  /** Every tour zone of `preset`, overridden or not. */
  tours: Type.Array(WallTourCameras),
  centreName: Type.String(),
  centreNameEn: Type.Union([Type.String(), Type.Null()]),
  map: Type.Union([WallMap, Type.Null()]),
})
export type WallState = Static<typeof WallState>

/** A monitor as the console's push menu lists it: its zones are those of the preset in force now. */
export const WallMonitorSummary = Type.Object({
  id: Id,
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  alarmZone: Type.Union([Id, Type.Null()]),
  preset: Type.Object({ id: Id, name: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]) }),
  zones: Type.Array(Type.Object({ id: Id, kind: Type.String() })),
})
export type WallMonitorSummary = Static<typeof WallMonitorSummary>
export const WallMonitorList = Type.Object({ monitors: Type.Array(WallMonitorSummary) })
export type WallMonitorList = Static<typeof WallMonitorList>
