/**
 * Full screen for one tile or for the whole grid, through the browser's Fullscreen API. A tile shown full
 * screen is also maximised, so it plays the main stream; when full screen ends, however it ends (V again,
 * the browser's own Esc, the tile leaving the page), the tile goes back to its cell unless the operator had
 * maximised it before.
 */
import type { LayoutState } from './layout-state.svelte.ts'

export type FullscreenKind = 'tile' | 'grid'

const TILE_SELECTOR = '[data-testid=tile]'

export class ConsoleFullscreen {
  /** What is full screen now, following the document (set only from its `fullscreenchange`). */
  kind = $state<FullscreenKind | null>(null)

  readonly #layout: LayoutState
  readonly #grid: () => HTMLElement | null
  #wasMaximised = false
  /**
   * A tile was asked to go full screen and has not come back: the tile goes back to its cell on the first
   * change that leaves it, even one so quick that `kind` never saw the tile (a test's, or a key held down).
   */
  #tileAsked = false

  constructor(layout: LayoutState, grid: () => HTMLElement | null) {
    this.#layout = layout
    this.#grid = grid
  }

  /** The selected tile full screen, or back to where it was. Needs a user gesture (a key press, a click). */
  async toggleTile(index = this.#layout.selected): Promise<void> {
    if (this.#current() === 'tile') return this.exit()
    if (this.#layout.cameras[index] == null) return
    const tile = this.#grid()?.querySelector<HTMLElement>(`${TILE_SELECTOR}[data-index="${index}"]`)
    if (!tile) return
    this.#wasMaximised = this.#layout.maximised === index
    this.#layout.maximise(index)
    this.#tileAsked = true
    if (await enter(tile)) return
    this.#tileAsked = false
    if (!this.#wasMaximised) this.#layout.restore()
  }

  /** The whole grid full screen (a tile within it can still be maximised), or back. */
  async toggleGrid(): Promise<void> {
    if (this.#current() === 'grid') return this.exit()
    const grid = this.#grid()
    if (grid) await enter(grid)
  }

  /** Leaves the innermost full screen: a tile opened from a full-screen grid returns to the grid. */
  async exit(): Promise<void> {
    if (document.fullscreenElement) await document.exitFullscreen().catch(() => undefined)
  }

  /**
   * What the document shows full screen at this moment. The toggles ask the document, not `kind`: a key
   * pressed right after entering can come before the browser's `fullscreenchange` has been handled.
   */
  #current(): FullscreenKind | null {
    const element = document.fullscreenElement
    if (element === null) return null
    if (element === this.#grid()) return 'grid'
    return element.matches(TILE_SELECTOR) ? 'tile' : null
  }

  /** Back to the page itself (a dialog is about to open, which full screen would hide). */
  async exitAll(): Promise<void> {
    // Each exit leaves one level (a tile over a full-screen grid is two); bounded in case one is refused.
    for (let level = 0; level < 3 && document.fullscreenElement; level++) await this.exit()
  }

  /** The document's `fullscreenchange`. */
  changed(): void {
    const next = this.#current()
    if (this.#tileAsked && next !== 'tile') {
      this.#tileAsked = false
      if (!this.#wasMaximised) this.#layout.restore()
    }
    this.kind = next
  }
}

/** False when the browser refused (no user gesture, or full screen is not allowed in this frame). */
async function enter(element: HTMLElement): Promise<boolean> {
  try {
    await element.requestFullscreen({ navigationUI: 'hide' })
    return true
  } catch {
    return false
  }
}
