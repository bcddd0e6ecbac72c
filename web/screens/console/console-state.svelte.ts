/** The camera overview: what is loaded, how the panel groups and filters it, and which camera is selected. */
import type { CameraView, PublicConfig } from '../../../server/contracts/api.ts'
import type { CameraStatusEvent } from '../../../server/contracts/realtime-events.ts'
import { api } from '../../lib/api-client.ts'
import { handleError } from '../../lib/handle-error.ts'
import { locale, t } from '../../lib/i18n/i18n.svelte.ts'
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
  cameras = $state<CameraView[]>([])
  config = $state<PublicConfig | null>(null)
  loading = $state(false)
  failed = $state(false)
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

  /** Bumped by reset(): an answer that arrives after sign-out must not fill the next user's overview. */
  #generation = 0

  async load(): Promise<void> {
    const generation = this.#generation
    this.loading = true
    this.failed = false
    try {
      const [config, list] = await Promise.all([api.config(), api.cameras()])
      if (generation !== this.#generation) return
      this.config = config
      this.cameras = list.cameras
    } catch (error) {
      if (generation !== this.#generation) return
      this.failed = true
      handleError(error, 'errors.loadCameras')
    } finally {
      if (generation === this.#generation) this.loading = false
    }
  }

  /** A `camera:status` event: the tree's dot, the legend counts and the tile overlay follow it. */
  applyStatus(event: CameraStatusEvent): boolean {
    const index = this.cameras.findIndex((camera) => camera.id === event.cameraId)
    if (index === -1) return false
    const camera = this.cameras[index]!
    this.cameras[index] = { ...camera, status: event.status, statusSince: event.since }
    return true
  }

  /** After a reconnect the events missed meanwhile are gone: reload the list quietly. */
  async refresh(): Promise<void> {
    const generation = this.#generation
    try {
      const list = await api.cameras()
      if (generation === this.#generation) this.cameras = list.cameras
    } catch {
      // The next reconnect or reload tries again; the tree keeps what it had.
    }
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
    this.#generation += 1
    this.cameras = []
    this.config = null
    this.loading = false
    this.failed = false
    this.query = ''
    this.collapsed = new Set()
    this.activeKey = null
    this.selectedId = null
  }
}

export const consoleState = new ConsoleState()
