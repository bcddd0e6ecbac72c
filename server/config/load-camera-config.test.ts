import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from './config-error.ts'
import { loadCameraConfig } from './load-camera-config.ts'

const SHIPPED = join(import.meta.dirname, '..', '..', 'camera-config')
const dirs: string[] = []

/** A copy of the shipped configuration with one file's text changed. */
function configWith(file: string, change: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'camera-config-'))
  dirs.push(dir)
  cpSync(SHIPPED, dir, { recursive: true })
  const path = join(dir, file)
  writeFileSync(path, change(readFileSync(path, 'utf8')))
  return dir
}

function problems(dir: string, env: Record<string, string> = {}): string[] {
  try {
    loadCameraConfig(dir, env)
  } catch (error) {
    if (error instanceof ConfigError)
      return error.message
        .split('\n')
        .slice(1)
        .map((l) => l.trim())
    throw error
  }
  return []
}

/** The line number (1-based) of the first line containing `needle`. */
function lineOf(file: string, needle: string): number {
  return (
    readFileSync(join(SHIPPED, file), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1
  )
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('the shipped demo configuration', () => {
  it('loads: 320 cameras across 14 communities and 55 grids', () => {
    const config = loadCameraConfig(SHIPPED, {})
    expect(config.cameras).toHaveLength(320)
    expect(config.communities).toHaveLength(14)
    expect(config.grids).toHaveLength(55)
    expect(config.fleet?.enabled).toBe(true)
  })

  it('has a wall: a main screen and a side screen that follows the school run', () => {
    const wall = loadCameraConfig(SHIPPED, {}).wall
    expect(wall?.monitors.map((m) => [m.id, m.defaultPreset])).toEqual([
      ['main', 'overview'],
      ['side', 'side-patrol'],
    ])
    expect(wall?.rules?.map((r) => [r.on, r.minutes])).toEqual([
      ['incident-urgent', 5],
      ['incident-escalated', 5],
      ['camera-down', 2],
      ['incident-escalated', 10],
    ])
    expect(wall?.rules?.[3]).toMatchObject({ monitors: ['side'], preset: 'incident' })
  })

  it('covers the required camera categories and event categories', () => {
    const config = loadCameraConfig(SHIPPED, {})
    const used = new Set(config.cameras.flatMap((c) => c.categories))
    for (const id of ['intersection', 'trouble-spot', 'school']) expect(used.has(id)).toBe(true)
    const events = config.eventCategories.map((e) => e.id)
    expect(events).toEqual(
      expect.arrayContaining(['vehicle-scrape', 'road-flooding', 'street-vendor', 'garbage-burning']),
    )
  })
})

// Each row: what is wrong, the file changed, the change, and the exact messages expected.
const camera17Grid = lineOf('cameras.yaml', 'grid: zhaolingpu-east-3') // cam-0003 is cameras[2]
const badConfigs: [string, string, (t: string) => string, string[]][] = [
  [
    'a camera names a grid that does not exist',
    'cameras.yaml',
    (t) => t.replace('grid: zhaolingpu-east-3\n', 'grid: g-99\n'),
    [`cameras.yaml:${camera17Grid} cameras[2].grid: unknown grid "g-99"`],
  ],
  [
    'two cameras share an id',
    'cameras.yaml',
    (t) => t.replace('- id: cam-0004\n', '- id: cam-0001\n'),
    [
      `cameras.yaml:${lineOf('cameras.yaml', '- id: cam-0004')} cameras[3].id: duplicate id "cam-0001" (first used by cameras[0])`,
      // The wall shows cam-0004, which the change removed.
      `wall.yaml:${lineOf('wall.yaml', '- cam-0004')} wall.presets[0].zones[3].content.cameras[1]: unknown camera "cam-0004"`,
    ],
  ],
  [
    'a camera sits outside the world',
    'cameras.yaml',
    (t) => t.replace('lat: 38.073934', 'lat: 138.073934'),
    [`cameras.yaml:${lineOf('cameras.yaml', 'lat: 38.073934')} cameras[0].location.lat: must be <= 90`],
  ],
  [
    'an RTSP URL carries credentials',
    'cameras.yaml',
    (t) =>
      t.replace('main: rtsp://127.0.0.1:8554/cam-0005/main', 'main: rtsp://admin:secret@127.0.0.1:8554/cam-0005/main'),
    [
      `cameras.yaml:${lineOf('cameras.yaml', 'cam-0005/main')} cameras[4].source.main: must not contain credentials: give them as username and password (or passwordEnv)`,
    ],
  ],
  [
    'an RTSP URL is really HTTP',
    'cameras.yaml',
    (t) => t.replace('main: rtsp://127.0.0.1:8554/cam-0005/main', 'main: http://127.0.0.1/cam-0005'),
    [
      `cameras.yaml:${lineOf('cameras.yaml', 'cam-0005/main')} cameras[4].source.main: must be an rtsp:// or rtsps:// URL, not http://`,
    ],
  ],
  [
    'an RTSP URL is not a URL at all',
    'cameras.yaml',
    (t) => t.replace('main: rtsp://127.0.0.1:8554/cam-0005/main', 'main: "not a url"'),
    [`cameras.yaml:${lineOf('cameras.yaml', 'cam-0005/main')} cameras[4].source.main: is not a valid URL`],
  ],
  [
    'a source of an unknown type',
    'cameras.yaml',
    (t) => t.replace('type: onvif', 'type: hikvision'),
    [
      `cameras.yaml:${lineOf('cameras.yaml', 'type: onvif')} cameras[0].source.type: must be "onvif", "rtsp" or "rtmp-push"`,
    ],
  ],
  [
    'an ONVIF source without its port',
    'cameras.yaml',
    (t) => t.replace('      port: 8580\n', ''),
    [`cameras.yaml:${lineOf('cameras.yaml', 'type: onvif')} cameras[0].source.port: is required`],
  ],
  [
    'a password from an environment variable that is not set',
    'cameras.yaml',
    (t) => t.replace('password: demo-1jl9q7', 'passwordEnv: CAM_0001_PASSWORD'),
    [
      `cameras.yaml:${lineOf('cameras.yaml', 'password: demo-1jl9q7')} cameras[0].source.passwordEnv: environment variable CAM_0001_PASSWORD is not set`,
    ],
  ],
  [
    'a misspelt field',
    'cameras.yaml',
    (t) => t.replace('    ptz: true\n', '    pzt: true\n'),
    [`cameras.yaml:${lineOf('cameras.yaml', 'ptz: true')} cameras[${ptzIndex()}].pzt: is not a known field`],
  ],
  [
    'an unknown camera category',
    'cameras.yaml',
    (t) => t.replace('categories: [intersection]', 'categories: [crossroads]'),
    [
      `cameras.yaml:${lineOf('cameras.yaml', 'categories: [intersection]')} cameras[0].categories[0]: unknown camera category "crossroads"`,
    ],
  ],
  [
    'a grid of another community',
    'cameras.yaml',
    (t) => t.replace('grid: zhaolingpu-east-1\n', 'grid: houtaibao-1\n'),
    [
      `cameras.yaml:${lineOf('cameras.yaml', 'grid: zhaolingpu-east-1')} cameras[0].grid: grid "houtaibao-1" belongs to community "houtaibao", not "zhaolingpu-east"`,
    ],
  ],
  [
    'an id with capitals',
    'departments.yaml',
    (t) => t.replace('- id: police\n', '- id: Police\n'),
    [
      `departments.yaml:${lineOf('departments.yaml', '- id: police')} departments[3].id: must be a lower-case id of letters, digits and single hyphens, like "cam-0017"`,
    ],
  ],
  [
    'a rule leads with an unknown department',
    'routing.yaml',
    (t) => t.replace('lead: traffic-police', 'lead: fire-brigade'),
    [`routing.yaml:${lineOf('routing.yaml', 'lead: traffic-police')} rules[0].lead: unknown department "fire-brigade"`],
  ],
  [
    'an unknown fleet codec',
    'fleet.yaml',
    (t) => t.replace('codec: h264', 'codec: h266'),
    [`fleet.yaml:${lineOf('fleet.yaml', 'codec: h264')} fleet.defaults.codec: must be one of "h264", "h265"`],
  ],
  [
    'a wall tile names a camera that does not exist',
    'wall.yaml',
    (t) => t.replace('- cam-0009\n', '- cam-9999\n'),
    [
      `wall.yaml:${lineOf('wall.yaml', '- cam-0009')} wall.presets[0].zones[0].content.cameras[1]: unknown camera "cam-9999"`,
    ],
  ],
  [
    'a wall tour names an unknown category and an unknown community',
    'wall.yaml',
    (t) =>
      t.replace(
        'categories: [trouble-spot, market]',
        'categories: [trouble-spot, bazaar]\n              communities: [atlantis]',
      ),
    [
      `wall.yaml:${lineOf('wall.yaml', 'categories: [trouble-spot, market]')} wall.presets[1].zones[0].content.tour.categories[1]: unknown camera category "bazaar"`,
      `wall.yaml:${lineOf('wall.yaml', 'categories: [trouble-spot, market]') + 1} wall.presets[1].zones[0].content.tour.communities[0]: unknown community "atlantis"`,
    ],
  ],
  [
    'a wall monitor defaults to an unknown preset',
    'wall.yaml',
    (t) => t.replace('defaultPreset: overview', 'defaultPreset: overveiw'),
    [
      `wall.yaml:${lineOf('wall.yaml', 'defaultPreset: overview')} wall.monitors[0].defaultPreset: unknown preset "overveiw"`,
    ],
  ],
  [
    'a wall schedule names an unknown preset and ends before it starts',
    'wall.yaml',
    (t) =>
      t.replace(
        '- preset: school-gates\n          from: 07:00\n          to: 08:30',
        '- preset: school\n          from: 08:30\n          to: 07:00',
      ),
    [
      `wall.yaml:${lineOf('wall.yaml', '- preset: school-gates')} wall.monitors[1].schedule[0].preset: unknown preset "school"`,
      `wall.yaml:${lineOf('wall.yaml', 'to: 08:30')} wall.monitors[1].schedule[0].to: "to" (07:00) must be after "from" (08:30)`,
    ],
  ],
  [
    'a wall rule names an unknown monitor',
    'wall.yaml',
    (t) => t.replace('- on: incident-urgent\n', '- on: incident-urgent\n      monitors: [main, lobby]\n'),
    [
      `wall.yaml:${lineOf('wall.yaml', '- on: incident-urgent') + 1} wall.rules[0].monitors[1]: unknown monitor "lobby"`,
    ],
  ],
  [
    'a monitor alarm zone missing from a preset its schedule shows',
    'wall.yaml',
    (t) => t.replace(/(id: school-gates[\s\S]*?)- id: alarm/, '$1- id: alert'),
    [
      `wall.yaml:${lineOf('wall.yaml', 'alarmZone: alarm') + 5} wall.monitors[1].alarmZone: unknown zone "alarm" in preset "school-gates"`,
    ],
  ],
  [
    'a recording rule names an unknown camera, category and community',
    'recording.yaml',
    (t) =>
      t
        .replace('- cam-0017\n', '- cam-9999\n')
        .replace('categories: [construction]', 'categories: [building-site]\n      communities: [atlantis]'),
    [
      `recording.yaml:${lineOf('recording.yaml', '- cam-0017')} recording.rules[0].cameras[3]: unknown camera "cam-9999"`,
      `recording.yaml:${lineOf('recording.yaml', 'categories: [construction]')} recording.rules[2].categories[0]: unknown camera category "building-site"`,
      `recording.yaml:${lineOf('recording.yaml', 'categories: [construction]') + 1} recording.rules[2].communities[0]: unknown community "atlantis"`,
    ],
  ],
  [
    'a recording window ends before it starts, and lists a day twice',
    'recording.yaml',
    (t) =>
      t
        .replace('from: 16:30\n          to: 18:00', 'from: 18:00\n          to: 16:30')
        .replace('[1, 2, 3, 4, 5]', '[1, 2, 2]'),
    [
      `recording.yaml:${lineOf('recording.yaml', '- days: [1, 2, 3, 4, 5]')} recording.rules[1].schedule[0].days: day 2 is listed twice`,
      `recording.yaml:${lineOf('recording.yaml', 'to: 18:00')} recording.rules[1].schedule[2].to: "to" (16:30) must be after "from" (18:00)`,
    ],
  ],
  [
    'a recording rule keeps nothing',
    'recording.yaml',
    (t) => t.replace('retentionDays: 7', 'retentionDays: 0'),
    [`recording.yaml:${lineOf('recording.yaml', 'retentionDays: 7')} recording.rules[0].retentionDays: must be >= 1`],
  ],
  [
    'the recording quota is zero',
    'recording.yaml',
    (t) => t.replace('quota: 20GiB', 'quota: 0GiB'),
    [`recording.yaml:${lineOf('recording.yaml', 'quota: 20GiB')} recording.quota: "0GiB" is not a size above zero`],
  ],
  [
    'a recording rule picks nothing and records at an unknown quality',
    'recording.yaml',
    (t) => t.replace('categories: [construction]\n      quality: sub', 'quality: hd'),
    [
      `recording.yaml:${lineOf('recording.yaml', 'categories: [construction]')} recording.rules[2].quality: must be one of "main", "sub"`,
    ],
  ],
  [
    'a wall rule switches to an unknown preset',
    'wall.yaml',
    (t) => t.replace('preset: incident\n', 'preset: incidnet\n'),
    [`wall.yaml:${lineOf('wall.yaml', 'preset: incident')} wall.rules[3].preset: unknown preset "incidnet"`],
  ],
  [
    "a wall rule switches to a preset without its monitor's alarm zone",
    'wall.yaml',
    (t) => t.replace(/(- id: incident\n[\s\S]*?)- id: alarm/, '$1- id: alert'),
    [
      `wall.yaml:${lineOf('wall.yaml', 'preset: incident')} wall.rules[3].preset: preset "incident" has no zone "alarm", the alarm zone of monitor "side"`,
    ],
  ],
  [
    'wall zones overlap, or reach outside the grid',
    'wall.yaml',
    (t) =>
      t
        .replace('- id: stats\n          row: 2\n          col: 0', '- id: stats\n          row: 1\n          col: 1')
        .replace(
          '- id: health\n          row: 2\n          col: 3',
          '- id: health\n          row: 3\n          col: 3',
        ),
    [
      `wall.yaml:${lineOf('wall.yaml', '- id: stats')} wall.presets[0].zones[5]: zone "stats" overlaps zone "map"`,
      `wall.yaml:${lineOf('wall.yaml', '- id: health')} wall.presets[0].zones[7]: zone "health" does not fit the 3-row x 4-column grid`,
    ],
  ],
  [
    'two wall zones share an id',
    'wall.yaml',
    (t) => t.replace('- id: intersections\n', '- id: trouble-spots\n'),
    [
      `wall.yaml:${lineOf('wall.yaml', '- id: intersections')} wall.presets[0].zones[3].id: duplicate id "trouble-spots" (first used by zones[0])`,
    ],
  ],
  [
    'broken YAML',
    'communities.yaml',
    (t) => t.replace('  - id: beidu\n', '  - id: beidu\n   name: : x\n'),
    [expect.stringMatching(/^communities\.yaml:\d+: /) as unknown as string],
  ],
]

function ptzIndex(): number {
  const config = loadCameraConfig(SHIPPED, {})
  return config.cameras.findIndex((c) => c.ptz === true)
}

describe('a bad configuration stops with messages naming file, line and field', () => {
  it.each(badConfigs)('%s', (_, file, change, expected) => {
    expect(problems(configWith(file, change))).toEqual(expected)
  })

  it('a missing file is named', () => {
    const dir = configWith('grids.yaml', (t) => t)
    unlinkSync(join(dir, 'grids.yaml'))
    expect(problems(dir)).toEqual([`grids.yaml: missing (expected in ${dir})`])
  })

  it('an event category without a category-wide rule is caught', () => {
    const dir = configWith('routing.yaml', (t) => t.replace(/ {2}- category: road-damage\n.*\n.*\n/, ''))
    expect(problems(dir)).toEqual([
      `event-categories.yaml:${lineOf('event-categories.yaml', 'id: road-damage')} eventCategories[8].id: "road-damage" has no category-wide rule in routing.yaml (a rule without community or grid), so it could not be routed`,
    ])
  })

  it('a password from a set environment variable is accepted', () => {
    const dir = configWith('cameras.yaml', (t) => t.replace('password: demo-1jl9q7', 'passwordEnv: CAM_0001_PASSWORD'))
    expect(problems(dir, { CAM_0001_PASSWORD: 'from-env' })).toEqual([])
  })

  it('push cameras need a stream key of their own, and the message never shows it', () => {
    const push = (n: number, key: string) => `type: rtmp-push\n      streamKey: ${key}\n`
    const dir = configWith('cameras.yaml', (t) =>
      t
        .replace(/type: onvif\n( {6}.*\n){5}/, push(1, 'vehicle-key-0123456789'))
        .replace(/type: onvif\n( {6}.*\n){5}/, push(2, 'vehicle-key-0123456789'))
        .replace(/type: onvif\n( {6}.*\n){5}/, 'type: rtmp-push\n'),
    )
    const messages = problems(dir)
    expect(messages).toEqual([
      expect.stringMatching(/^cameras\.yaml:\d+ cameras\[1\]\.source: same stream key as cameras\[0\]$/),
      expect.stringMatching(/^cameras\.yaml:\d+ cameras\[2\]\.source: give streamKey or streamKeyEnv \(one of them\)$/),
    ])
    expect(messages.join('\n')).not.toContain('vehicle-key-0123456789')
  })

  it('the wall file is optional', () => {
    const dir = configWith('wall.yaml', (t) => t)
    unlinkSync(join(dir, 'wall.yaml'))
    expect(loadCameraConfig(dir, {}).wall).toBeNull()
  })

  it('the recording file is optional', () => {
    const dir = configWith('recording.yaml', (t) => t)
    unlinkSync(join(dir, 'recording.yaml'))
    expect(loadCameraConfig(dir, {}).recording).toBeNull()
  })

  it('records trouble spots always and school gates at school hours, on the sub stream', () => {
    const recording = loadCameraConfig(SHIPPED, {}).recording
    expect(recording?.rules.map((r) => [r.id, r.quality, r.schedule === 'always'])).toEqual([
      ['trouble-spots', 'sub', true],
      ['school-gates', 'sub', false],
      ['construction-sites', 'sub', false],
    ])
  })

  it('the fleet file is optional', () => {
    const dir = configWith('fleet.yaml', (t) => t)
    unlinkSync(join(dir, 'fleet.yaml'))
    expect(loadCameraConfig(dir, {}).fleet).toBeNull()
  })
})
