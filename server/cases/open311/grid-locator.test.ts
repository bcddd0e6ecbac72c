import { describe, expect, it } from 'vitest'
import { loadCameraConfig } from '../../config/load-camera-config.ts'
import { SHIPPED_CONFIG_DIR } from '../../testing/test-app.ts'
import { locateGrid } from './grid-locator.ts'

const config = loadCameraConfig(SHIPPED_CONFIG_DIR, {})

describe('locating a point in its grid', () => {
  it('every shipped camera lies in the grid its configuration names', () => {
    const misplaced = config.cameras
      .filter((c) => locateGrid(config.grids, c.location.lat, c.location.lng)?.id !== c.grid)
      .map((c) => c.id)
    expect(misplaced).toEqual([])
  })

  it('a point outside the street office has no grid', () => {
    expect(locateGrid(config.grids, 39.9, 116.4)).toBeUndefined()
  })
})
