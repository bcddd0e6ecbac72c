import { describe, expect, it } from 'vitest'
import { gopOverrides, loadCameras, startCameras } from './bench-cameras.ts'

describe('benchmark cameras', () => {
  it('the last 30 cameras get a 2 s GOP through the fleet overrides', () => {
    const overrides = gopOverrides()
    expect(Object.keys(overrides)).toHaveLength(30)
    expect(overrides['cam-t101']).toEqual({ gopSeconds: 2 })
    expect(overrides['cam-t100']).toBeUndefined()
  })

  it('every start-up run gets two fresh cameras of the asked GOP, and the warm camera is none of them', () => {
    const { runs, warm } = startCameras(2, 3)
    expect(runs).toEqual([
      { http: 'cam-t101', browser: 'cam-t102' },
      { http: 'cam-t103', browser: 'cam-t104' },
      { http: 'cam-t105', browser: 'cam-t106' },
    ])
    expect(warm).toBe('cam-t130')
    expect(startCameras(1, 1).runs[0]).toEqual({ http: 'cam-t071', browser: 'cam-t072' })
  })

  it('refuses more runs than the pool has fresh cameras', () => {
    expect(() => startCameras(1, 15)).toThrow('15 runs need 31 fresh cameras per GOP; the pool has 30')
  })

  it('load streams count from cam-t001', () => {
    expect(loadCameras(3)).toEqual(['cam-t001', 'cam-t002', 'cam-t003'])
    expect(() => loadCameras(131)).toThrow(/130 cameras/)
  })
})
