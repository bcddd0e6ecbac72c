/**
 * Checks the schema cannot make: ids unique, every reference resolves, URLs and secrets usable.
 * Pure apart from reading `env` for `passwordEnv` names.
 */
import type { CameraConfig, CameraSource } from '../contracts/camera-config.ts'
import { formatFieldPath, type ConfigIssue } from './config-error.ts'
import { recordingReferenceIssues } from './recording-reference-checks.ts'
import { wallReferenceIssues } from './wall-reference-checks.ts'
import type { FieldPath, YamlSource } from './yaml-source.ts'

export type SourcesByFile = Record<string, YamlSource>
type Config = Omit<CameraConfig, 'dir'>

export class IssueList {
  readonly items: ConfigIssue[] = []
  constructor(private readonly sources: SourcesByFile) {}
  add(file: string, path: FieldPath, message: string): void {
    this.items.push({ file, line: this.sources[file]?.lineOf(path), field: formatFieldPath(path), message })
  }
}

/** `parent`: where the list sits when it is not at the top of the file (`wall.presets[0]` for its zones). */
export function checkUniqueIds(
  list: IssueList,
  file: string,
  key: string,
  items: { id: string }[],
  parent: FieldPath = [],
): Set<string> {
  const firstIndex = new Map<string, number>()
  items.forEach((item, index) => {
    const first = firstIndex.get(item.id)
    if (first === undefined) firstIndex.set(item.id, index)
    else list.add(file, [...parent, key, index, 'id'], `duplicate id "${item.id}" (first used by ${key}[${first}])`)
  })
  return new Set(firstIndex.keys())
}

export function referenceIssues(
  config: Config,
  sources: SourcesByFile,
  env: Record<string, string | undefined>,
): ConfigIssue[] {
  const list = new IssueList(sources)
  const cameraCategories = checkUniqueIds(list, 'camera-categories.yaml', 'cameraCategories', config.cameraCategories)
  const eventCategories = checkUniqueIds(list, 'event-categories.yaml', 'eventCategories', config.eventCategories)
  const communities = checkUniqueIds(list, 'communities.yaml', 'communities', config.communities)
  checkUniqueIds(list, 'grids.yaml', 'grids', config.grids)
  const departments = checkUniqueIds(list, 'departments.yaml', 'departments', config.departments)
  const cameraIds = checkUniqueIds(list, 'cameras.yaml', 'cameras', config.cameras)
  const gridCommunity = new Map(config.grids.map((g) => [g.id, g.community]))

  config.grids.forEach((grid, i) => {
    if (!communities.has(grid.community))
      list.add('grids.yaml', ['grids', i, 'community'], `unknown community "${grid.community}"`)
    grid.area.coordinates.forEach((ring, r) => {
      const first = ring[0]
      const last = ring[ring.length - 1]
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
        list.add('grids.yaml', ['grids', i, 'area', 'coordinates', r], 'polygon ring must end where it starts')
      }
    })
  })

  const checkArea = (file: string, path: FieldPath, community: string | undefined, grid: string | undefined): void => {
    if (community !== undefined && !communities.has(community))
      list.add(file, [...path, 'community'], `unknown community "${community}"`)
    if (grid === undefined) return
    const owner = gridCommunity.get(grid)
    if (owner === undefined) list.add(file, [...path, 'grid'], `unknown grid "${grid}"`)
    else if (community !== undefined && communities.has(community) && owner !== community) {
      list.add(file, [...path, 'grid'], `grid "${grid}" belongs to community "${owner}", not "${community}"`)
    }
  }

  const ruleKeys = new Map<string, number>()
  config.rules.forEach((rule, i) => {
    const at = ['rules', i]
    if (!eventCategories.has(rule.category))
      list.add('routing.yaml', [...at, 'category'], `unknown event category "${rule.category}"`)
    checkArea('routing.yaml', at, rule.community, rule.grid)
    if (!departments.has(rule.lead)) list.add('routing.yaml', [...at, 'lead'], `unknown department "${rule.lead}"`)
    ;(rule.assisting ?? []).forEach((d, j) => {
      if (!departments.has(d)) list.add('routing.yaml', [...at, 'assisting', j], `unknown department "${d}"`)
      else if (d === rule.lead)
        list.add('routing.yaml', [...at, 'assisting', j], `"${d}" is already the lead department`)
    })
    const key = `${rule.category}|${rule.community ?? ''}|${rule.grid ?? ''}`
    const first = ruleKeys.get(key)
    if (first !== undefined)
      list.add('routing.yaml', at, `duplicate rule for the same category and area as rules[${first}]`)
    else ruleKeys.set(key, i)
  })
  config.eventCategories.forEach((category, i) => {
    if (!config.rules.some((r) => r.category === category.id && r.community === undefined && r.grid === undefined)) {
      list.add(
        'event-categories.yaml',
        ['eventCategories', i, 'id'],
        `"${category.id}" has no category-wide rule in routing.yaml (a rule without community or grid), so it could not be routed`,
      )
    }
  })

  const streamKeys = new Map<string, number>()
  config.cameras.forEach((camera, i) => {
    const at = ['cameras', i]
    if (camera.source.type === 'rtmp-push') {
      const key = camera.source.streamKey ?? env[camera.source.streamKeyEnv ?? ''] ?? ''
      const first = streamKeys.get(key)
      // Never print the key itself: it is the camera's password.
      if (key && first !== undefined)
        list.add('cameras.yaml', [...at, 'source'], `same stream key as cameras[${first}]`)
      else if (key) streamKeys.set(key, i)
    }
    camera.categories.forEach((c, j) => {
      if (!cameraCategories.has(c)) list.add('cameras.yaml', [...at, 'categories', j], `unknown camera category "${c}"`)
    })
    checkArea('cameras.yaml', at, camera.community, camera.grid)
    sourceChecks(list, [...at, 'source'], camera.source, env)
  })

  const feed = config.caseFeed
  if (feed) {
    for (const category of Object.keys(feed.serviceCodes)) {
      if (!eventCategories.has(category))
        list.add('case-feed.yaml', ['caseFeed', 'serviceCodes', category], `unknown event category "${category}"`)
    }
    if (feed.enabled) {
      const unmapped = config.eventCategories.filter((c) => !(c.id in feed.serviceCodes)).map((c) => c.id)
      if (unmapped.length > 0)
        list.add('case-feed.yaml', ['caseFeed', 'serviceCodes'], `no service_code for ${unmapped.join(', ')}`)
      if ((feed.apiKey === undefined) === (feed.apiKeyEnv === undefined))
        list.add('case-feed.yaml', ['caseFeed'], 'give apiKey or apiKeyEnv (one of them)')
      else if (feed.apiKeyEnv !== undefined && !env[feed.apiKeyEnv] && !env['CASE_FEED_API_KEY'])
        list.add('case-feed.yaml', ['caseFeed', 'apiKeyEnv'], `environment variable ${feed.apiKeyEnv} is not set`)
    }
    for (const [status, rule] of Object.entries(feed.statusMap ?? {})) {
      if (rule.stage === 'closed' && !rule.closeReason)
        list.add('case-feed.yaml', ['caseFeed', 'statusMap', status], 'a closing status needs a closeReason')
    }
  }

  for (const id of Object.keys(config.fleet?.overrides ?? {})) {
    if (!cameraIds.has(id)) list.add('fleet.yaml', ['fleet', 'overrides', id], `unknown camera "${id}"`)
  }
  const known = { cameraIds, cameraCategories, eventCategories, communities }
  if (config.wall) wallReferenceIssues(list, config.wall, known)
  if (config.recording) recordingReferenceIssues(list, config.recording, known)
  return list.items
}

function sourceChecks(
  list: IssueList,
  at: FieldPath,
  source: CameraSource,
  env: Record<string, string | undefined>,
): void {
  if (source.type === 'rtmp-push') {
    if ((source.streamKey === undefined) === (source.streamKeyEnv === undefined))
      list.add('cameras.yaml', at, 'give streamKey or streamKeyEnv (one of them)')
    else if (source.streamKeyEnv !== undefined && !env[source.streamKeyEnv])
      list.add('cameras.yaml', [...at, 'streamKeyEnv'], `environment variable ${source.streamKeyEnv} is not set`)
    return
  }
  if (source.type === 'rtsp') {
    checkRtspUrl(list, [...at, 'main'], source.main)
    if (source.sub !== undefined) checkRtspUrl(list, [...at, 'sub'], source.sub)
  } else if (!/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/.test(source.host)) {
    list.add('cameras.yaml', [...at, 'host'], `"${source.host}" is not a host name or IP address`)
  }
  const needsPassword = source.type === 'onvif' || source.username !== undefined
  if (source.password !== undefined && source.passwordEnv !== undefined) {
    list.add('cameras.yaml', [...at, 'passwordEnv'], 'give password or passwordEnv, not both')
  } else if (needsPassword && source.password === undefined && source.passwordEnv === undefined) {
    list.add('cameras.yaml', at, 'a username needs a password or passwordEnv')
  } else if (source.passwordEnv !== undefined && !env[source.passwordEnv]) {
    list.add('cameras.yaml', [...at, 'passwordEnv'], `environment variable ${source.passwordEnv} is not set`)
  }
}

function checkRtspUrl(list: IssueList, at: FieldPath, raw: string): void {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    list.add('cameras.yaml', at, 'is not a valid URL')
    return
  }
  if (url.protocol !== 'rtsp:' && url.protocol !== 'rtsps:')
    list.add('cameras.yaml', at, `must be an rtsp:// or rtsps:// URL, not ${url.protocol}//`)
  else if (url.hostname === '') list.add('cameras.yaml', at, 'has no host')
  else if (url.username !== '' || url.password !== '') {
    list.add('cameras.yaml', at, 'must not contain credentials: give them as username and password (or passwordEnv)')
  }
}
