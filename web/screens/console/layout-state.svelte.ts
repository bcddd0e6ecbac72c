/**
 * The split screen on the console: layout kind, the camera of each tile, the selected and the maximised
 * tile, and the operator's saved layouts. The layout on screen is saved to the server (debounced) so the
 * next login restores it; while a tour runs, the tour's pages are shown and nothing is saved.
 */
import type { Quality } from '../../../server/contracts/media.ts'
import type { LayoutKind } from '../../../server/contracts/patrol.ts'
import type { ConsoleState as SavedConsoleState, SavedLayout } from '../../../server/contracts/patrol.ts'
import { api, isNotFound } from '../../lib/api-client.ts'
import { handleError } from '../../lib/handle-error.ts'
import {
  clearTile,
  fitCameras,
  moveSelection,
  placeCamera,
  placeGroup,
  tileCount,
  type Direction,
  type TileCameras,
} from './layout-model.ts'

const SAVE_DELAY_MS = 800
const DEFAULT_KIND: LayoutKind = '4'

interface Snapshot {
  kind: LayoutKind
  cameras: Array<string | null>
  layoutId: number | null
}

export class LayoutState {
  kind = $state<LayoutKind>(DEFAULT_KIND)
  cameras = $state<Array<string | null>>(fitCameras([], DEFAULT_KIND))
  selected = $state(0)
  maximised = $state<number | null>(null)
  /** The saved layout the screen came from, if any. */
  layoutId = $state<number | null>(null)
  saved = $state<SavedLayout[]>([])
  /** A tour is showing its pages; the operator's own layout waits in the stash. */
  touring = $state(false)

  tiles = $derived(tileCount(this.kind))
  selectedCamera = $derived(this.cameras[this.selected] ?? null)
  maximisedCamera = $derived(this.maximised === null ? null : (this.cameras[this.maximised] ?? null))

  /** What tile `index` plays: the main stream when it fills the screen, the sub stream in a split. */
  qualityOf(index: number): Quality {
    return this.maximised === index || this.kind === '1' ? 'main' : 'sub'
  }

  #stash: Snapshot | null = null
  #saveTimer: ReturnType<typeof setTimeout> | undefined
  #generation = 0

  /** At login: the saved layouts and the layout the operator left, unless a deep link already chose one. */
  async load(options: { restoreScreen: boolean }): Promise<void> {
    const generation = this.#generation
    try {
      const [layouts, state] = await Promise.all([
        api.layouts(),
        options.restoreScreen ? api.consoleState() : Promise.resolve({ state: null }),
      ])
      if (generation !== this.#generation) return
      this.saved = layouts.layouts
      if (state.state) this.#apply(state.state.kind, state.state.cameras, state.state.layoutId)
    } catch (error) {
      if (generation === this.#generation && !isNotFound(error)) handleError(error, 'errors.loadLayouts')
    }
  }

  setKind(kind: LayoutKind): void {
    this.#apply(kind, this.cameras, null)
    this.#changed()
  }

  /** Shows a layout from a deep link or the tour's page; `persist` false for pages of a tour. */
  show(kind: LayoutKind, cameras: TileCameras, layoutId: number | null = null): void {
    this.#apply(kind, cameras, layoutId)
    this.#changed()
  }

  place(index: number, cameraId: string): void {
    this.cameras = placeCamera(this.cameras, index, cameraId)
    this.selected = index
    this.#changed()
  }

  /** Returns the cameras that found no empty tile. */
  placeGroup(index: number, cameraIds: readonly string[]): string[] {
    const result = placeGroup(this.cameras, index, cameraIds)
    this.cameras = result.cameras
    this.selected = index
    this.#changed()
    return result.leftOver
  }

  clear(index: number): void {
    this.cameras = clearTile(this.cameras, index)
    if (this.maximised === index) this.maximised = null
    this.#changed()
  }

  select(index: number): void {
    if (index >= 0 && index < this.tiles) this.selected = index
  }

  move(direction: Direction): void {
    if (this.maximised !== null) return
    this.selected = moveSelection(this.kind, this.selected, direction)
  }

  /** Only a tile with a camera can be maximised: an empty tile full screen shows nothing. */
  maximise(index = this.selected): void {
    if (this.cameras[index] == null) return
    this.selected = index
    this.maximised = index
  }

  restore(): void {
    this.maximised = null
  }

  toggleMaximise(index: number): void {
    if (this.maximised === index) this.restore()
    else this.maximise(index)
  }

  // Tours ---------------------------------------------------------------------------------------------

  beginTour(): void {
    if (!this.touring) this.#stash = { kind: this.kind, cameras: [...this.cameras], layoutId: this.layoutId }
    this.touring = true
  }

  showTourPage(kind: LayoutKind, cameras: TileCameras): void {
    this.#apply(kind, cameras, null)
  }

  /** The operator's layout comes back when the tour ends. */
  endTour(): void {
    if (!this.touring) return
    this.touring = false
    const stash = this.#stash
    this.#stash = null
    if (stash) this.#apply(stash.kind, stash.cameras, stash.layoutId)
  }

  // Saved layouts --------------------------------------------------------------------------------------

  async saveAs(name: string): Promise<boolean> {
    try {
      const layout = await api.createLayout({ name, kind: this.kind, cameras: [...this.cameras] })
      this.saved = [...this.saved, layout]
      this.layoutId = layout.id
      this.#changed()
      return true
    } catch (error) {
      handleError(error, 'errors.saveLayout')
      return false
    }
  }

  async overwrite(id: number): Promise<void> {
    const existing = this.saved.find((layout) => layout.id === id)
    if (!existing) return
    try {
      const layout = await api.updateLayout(id, { name: existing.name, kind: this.kind, cameras: [...this.cameras] })
      this.saved = this.saved.map((item) => (item.id === id ? layout : item))
    } catch (error) {
      handleError(error, 'errors.saveLayout')
    }
  }

  open(id: number): void {
    const layout = this.saved.find((item) => item.id === id)
    if (!layout) return
    this.#apply(layout.kind, layout.cameras, layout.id)
    this.#changed()
  }

  async remove(id: number): Promise<void> {
    try {
      await api.deleteLayout(id)
      this.saved = this.saved.filter((layout) => layout.id !== id)
      if (this.layoutId === id) {
        this.layoutId = null
        this.#changed()
      }
    } catch (error) {
      handleError(error, 'errors.deleteLayout')
    }
  }

  reset(): void {
    this.#generation += 1
    clearTimeout(this.#saveTimer)
    this.kind = DEFAULT_KIND
    this.cameras = fitCameras([], DEFAULT_KIND)
    this.selected = 0
    this.maximised = null
    this.layoutId = null
    this.saved = []
    this.touring = false
    this.#stash = null
  }

  #apply(kind: LayoutKind, cameras: TileCameras, layoutId: number | null): void {
    this.kind = kind
    this.cameras = fitCameras(cameras, kind)
    this.layoutId = layoutId
    this.maximised = null
    if (this.selected >= tileCount(kind)) this.selected = 0
  }

  /** Debounced: dragging a group onto the grid is one save, not one per tile. */
  #changed(): void {
    if (this.touring) return
    clearTimeout(this.#saveTimer)
    const state: SavedConsoleState = { kind: this.kind, cameras: [...this.cameras], layoutId: this.layoutId }
    const generation = this.#generation
    this.#saveTimer = setTimeout(() => {
      if (generation !== this.#generation) return
      api.saveConsoleState(state).catch((error: unknown) => {
        // A server without the route (an older version) is not worth a banner on every change.
        if (!isNotFound(error)) handleError(error, 'errors.saveConsoleState')
      })
    }, SAVE_DELAY_MS)
  }
}

export const layoutState = new LayoutState()
