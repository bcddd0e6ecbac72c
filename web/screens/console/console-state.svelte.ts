/**
 * The camera overview: how the panel groups and filters the site's cameras (lib/site-context), and which
 * camera is selected.
 */
import type { CameraView, PublicConfig } from '../../../server/contracts/api.ts'
import { locale, t } from '../../lib/i18n/i18n.svelte.ts'
import { site, type SiteContext } from '../../lib/site-context.svelte.ts'
import {
  countByStatus,
  filterCameras,
  GROUP_BYS,
  groupCameras,
  moveActive,
  resolveActive,
  visibleEntries,
  type GroupBy,
  type ListEntry,
  type Move,
  type UnknownKind,
} from './camera-groups.ts'

const GROUP_BY_KEY = 'sharp-eyes.console.group-by'

function storedGroupBy(): GroupBy {
  try {
    const value = localStorage.getItem(GROUP_BY_KEY)
    return GROUP_BYS.find((by) => by === value) ?? 'category'
  } catch {
    return 'category'
  }
}

function unknownLabel(kind: UnknownKind, id: string): string {
  switch (kind) {
    case 'uncategorized':
      return t('cameras.group.uncategorized')
    case 'category':
      return t('cameras.group.unknownCategory', { id })
    case 'community':
      return t('cameras.group.unknownCommunity', { id })
    case 'grid':
      return t('cameras.group.unknownGrid', { id })
  }
}

export class ConsoleState {
  readonly #site: SiteContext
  groupBy = $state<GroupBy>(storedGroupBy())
  query = $state('')
  /** Keys of collapsed groups; replaced, never mutated, so $derived sees the change. */
  collapsed = $state<ReadonlySet<string>>(new Set())
  /** The row holding the selection (a camera may have a row in two categories). */
  activeKey = $state<string | null>(null)
  selectedId = $state<string | null>(null)

  searching = $derived(this.query.trim() !== '')
  filtered = $derived(filterCameras(this.cameras, this.query))
  groups = $derived(
    this.config
      ? groupCameras(this.filtered, this.config, {
          by: this.groupBy,
          language: locale.language,
          unknownLabel,
          keepEmpty: !this.searching,
        })
      : [],
  )
  // While searching every group opens: a match hidden in a collapsed group would look like no match.
  entries = $derived(visibleEntries(this.groups, this.searching ? new Set() : this.collapsed))
  active = $derived(resolveActive(this.entries, this.activeKey, this.selectedId))
  selected = $derived(this.cameras.find((camera) => camera.id === this.selectedId) ?? null)
  statusCounts = $derived(countByStatus(this.cameras))

  constructor(siteContext: SiteContext = site) {
    this.#site = siteContext
  }

  get cameras(): CameraView[] {
    return this.#site.cameras
  }

  get config(): PublicConfig | null {
    return this.#site.config
  }

  get loading(): boolean {
    return this.#site.loading
  }

  get failed(): boolean {
    return this.#site.failed
  }

  get timeZone(): string {
    return this.#site.timeZone
  }

  /** Loads the site (once per sign-in; again after a failure). */
  load(): Promise<void> {
    return this.#site.load()
  }

  /** Selects a camera by id (a tile was selected): the tree shows its first row, the details follow. */
  focusCamera(id: string): void {
    if (this.selectedId === id) return
    this.activeKey = null
    this.selectedId = id
  }

  select(entry: ListEntry): void {
    this.activeKey = entry.key
    this.selectedId = entry.camera.id
  }

  /** Returns the newly active row, so the list can scroll it into view. */
  move(move: Move): ListEntry | null {
    const next = moveActive(this.entries, this.active, move)
    if (next) this.select(next)
    return next
  }

  setGroupBy(by: GroupBy): void {
    this.groupBy = by
    try {
      localStorage.setItem(GROUP_BY_KEY, by)
    } catch {
      // Not persisted; the choice holds for this page.
    }
  }

  toggle(groupKey: string): void {
    const next = new Set(this.collapsed)
    if (!next.delete(groupKey)) next.add(groupKey)
    this.collapsed = next
  }

  isCollapsed(groupKey: string): boolean {
    return !this.searching && this.collapsed.has(groupKey)
  }

  reset(): void {
    this.query = ''
    this.collapsed = new Set()
    this.activeKey = null
    this.selectedId = null
  }
}

export const consoleState = new ConsoleState()
