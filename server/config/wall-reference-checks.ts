/**
 * wall.yaml's cross-checks: every camera, category, community, preset, monitor and zone it names exists;
 * zones tile their preset's grid without overlapping; schedules run forwards; a rule's preset keeps the
 * alarm zone of every monitor it switches.
 */
import type { WallConfig, WallPreset, WallTour, WallZone } from '../contracts/wall.ts'
import { checkUniqueIds, type IssueList } from './reference-checks.ts'
import type { FieldPath } from './yaml-source.ts'

const FILE = 'wall.yaml'

export interface KnownIds {
  cameraIds: ReadonlySet<string>
  cameraCategories: ReadonlySet<string>
  eventCategories: ReadonlySet<string>
  communities: ReadonlySet<string>
}

/** The cells a zone covers, as `row,col` keys. */
function cellsOf(zone: WallZone): string[] {
  const cells: string[] = []
  for (let r = zone.row; r < zone.row + (zone.rows ?? 1); r++)
    for (let c = zone.col; c < zone.col + (zone.cols ?? 1); c++) cells.push(`${r},${c}`)
  return cells
}

export function wallReferenceIssues(list: IssueList, wall: WallConfig, known: KnownIds): void {
  const at = (...path: FieldPath): FieldPath => ['wall', ...path]
  const add = (path: FieldPath, message: string): void => list.add(FILE, at(...path), message)
  const unique = (key: string, items: { id: string }[], parent: FieldPath): Set<string> =>
    checkUniqueIds(list, FILE, key, items, at(...parent))

  const monitorIds = unique('monitors', wall.monitors, [])
  unique('presets', wall.presets, [])
  const presets = new Map<string, WallPreset>()
  for (const preset of wall.presets) if (!presets.has(preset.id)) presets.set(preset.id, preset)

  const checkCameras = (path: FieldPath, cameras: string[] | undefined): void =>
    cameras?.forEach((id, k) => {
      if (!known.cameraIds.has(id)) add([...path, k], `unknown camera "${id}"`)
    })
  const checkTour = (path: FieldPath, tour: WallTour): void => {
    checkCameras([...path, 'cameras'], tour.cameras)
    tour.categories?.forEach((id, k) => {
      if (!known.cameraCategories.has(id)) add([...path, 'categories', k], `unknown camera category "${id}"`)
    })
    tour.communities?.forEach((id, k) => {
      if (!known.communities.has(id)) add([...path, 'communities', k], `unknown community "${id}"`)
    })
    if (!tour.cameras && !tour.categories && !tour.communities)
      add(path, 'a tour needs cameras, categories or communities')
  }

  wall.presets.forEach((preset, p) => {
    unique('zones', preset.zones, ['presets', p])
    const { rows, cols } = preset.grid
    const owner = new Map<string, string>()
    preset.zones.forEach((zone, z) => {
      const path = ['presets', p, 'zones', z]
      const bottom = zone.row + (zone.rows ?? 1)
      const right = zone.col + (zone.cols ?? 1)
      if (bottom > rows || right > cols) {
        add(path, `zone "${zone.id}" does not fit the ${rows}-row x ${cols}-column grid`)
      } else {
        const overlapped = new Set(cellsOf(zone).flatMap((cell) => owner.get(cell) ?? []))
        if (overlapped.size > 0) add(path, `zone "${zone.id}" overlaps zone "${[...overlapped].join('", "')}"`)
        for (const cell of cellsOf(zone)) if (!owner.has(cell)) owner.set(cell, zone.id)
      }
      const content = zone.content
      if (content.kind !== 'tiles') return
      if ((content.cameras === undefined) === (content.tour === undefined))
        add([...path, 'content'], 'give cameras or tour (one of them)')
      checkCameras([...path, 'content', 'cameras'], content.cameras)
      if (content.tour) checkTour([...path, 'content', 'tour'], content.tour)
    })
  })

  wall.monitors.forEach((monitor, m) => {
    const shown: string[] = []
    const checkPreset = (path: FieldPath, id: string): void => {
      if (!presets.has(id)) add(path, `unknown preset "${id}"`)
      else if (!shown.includes(id)) shown.push(id)
    }
    checkPreset(['monitors', m, 'defaultPreset'], monitor.defaultPreset)
    monitor.schedule?.forEach((entry, s) => {
      checkPreset(['monitors', m, 'schedule', s, 'preset'], entry.preset)
      if (entry.from >= entry.to)
        add(['monitors', m, 'schedule', s, 'to'], `"to" (${entry.to}) must be after "from" (${entry.from})`)
    })
    const alarmZone = monitor.alarmZone
    if (alarmZone === undefined) return
    const lacking = shown.filter((id) => !presets.get(id)?.zones.some((z) => z.id === alarmZone))
    if (lacking.length > 0)
      add(['monitors', m, 'alarmZone'], `unknown zone "${alarmZone}" in preset "${lacking.join('", "')}"`)
  })

  wall.rules?.forEach((rule, r) => {
    rule.monitors?.forEach((id, k) => {
      if (!monitorIds.has(id)) add(['rules', r, 'monitors', k], `unknown monitor "${id}"`)
    })
    const cameraRule = rule.on === 'camera-down'
    const categories = cameraRule ? known.cameraCategories : known.eventCategories
    rule.categories?.forEach((id, k) => {
      if (!categories.has(id))
        add(['rules', r, 'categories', k], `unknown ${cameraRule ? 'camera' : 'event'} category "${id}"`)
    })
    const targets = rule.monitors ?? wall.monitors.map((m) => m.id)
    if (rule.preset !== undefined) {
      // A preset rule switches its monitors, whose alarm zone must still be there for the other rules.
      const preset = presets.get(rule.preset)
      if (!preset) return add(['rules', r, 'preset'], `unknown preset "${rule.preset}"`)
      for (const id of targets) {
        const alarmZone = wall.monitors.find((m) => m.id === id)?.alarmZone
        if (alarmZone !== undefined && !preset.zones.some((z) => z.id === alarmZone))
          add(
            ['rules', r, 'preset'],
            `preset "${preset.id}" has no zone "${alarmZone}", the alarm zone of monitor "${id}"`,
          )
      }
      return
    }
    for (const id of targets) {
      const monitor = wall.monitors.find((m) => m.id === id)
      if (monitor && monitor.alarmZone === undefined)
        add(['rules', r], `monitor "${id}" has no alarmZone for the rule to fill`)
    }
  })
}
