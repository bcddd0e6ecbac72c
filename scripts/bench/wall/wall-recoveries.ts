/**
 * Counts the wall's recoveries from status samples: a degraded spell (the header's status shown) that
 * ended, and tiles whose player went recovering/unavailable and came back to playing, all by itself.
 */
import type { WallStatus } from './wall-probes.ts'

export interface Recoveries {
  /** Times the degraded status appeared. */
  degradedAppeared: number
  /** Times it cleared again. */
  degradedCleared: number
  /** Tiles (camera ids) that were troubled at some sample and were not at a later one. */
  tilesRecovered: string[]
  /** Tiles troubled at the last sample. */
  tilesStillTroubled: string[]
}

export class RecoveryCounter {
  private degraded = false
  private troubled = new Set<string>()
  private readonly recovered = new Set<string>()
  private appeared = 0
  private cleared = 0

  add(status: WallStatus): void {
    if (status.degraded && !this.degraded) this.appeared++
    if (!status.degraded && this.degraded) this.cleared++
    this.degraded = status.degraded
    const now = new Set(status.troubledTiles)
    for (const camera of this.troubled) if (!now.has(camera)) this.recovered.add(camera)
    this.troubled = now
  }

  result(): Recoveries {
    return {
      degradedAppeared: this.appeared,
      degradedCleared: this.cleared,
      tilesRecovered: [...this.recovered].sort(),
      tilesStillTroubled: [...this.troubled].sort(),
    }
  }
}
