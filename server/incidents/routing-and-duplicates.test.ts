import { describe, expect, it } from 'vitest'
import { loadCameraConfig } from '../config/load-camera-config.ts'
import { SHIPPED_CONFIG_DIR } from '../testing/test-app.ts'
import { distanceMetres, possibleDuplicates } from './duplicates.ts'
import { suggestRoute } from './routing.ts'

const config = loadCameraConfig(SHIPPED_CONFIG_DIR, {})
const category = (id: string) => config.eventCategories.find((c) => c.id === id)!

describe('routing suggestions from the shipped rules', () => {
  it.each([
    [
      'road flooding anywhere goes to urban management, with emergency and housing',
      'road-flooding',
      'houtaibao',
      'houtaibao-1',
      {
        lead: 'urban-management',
        assisting: ['emergency', 'housing'],
        limits: { acknowledgeMinutes: 10, handleMinutes: 240 },
      },
    ],
    [
      'road flooding in the low-lying grid goes to emergency, with a tighter limit',
      'road-flooding',
      'yitang',
      'yitang-2',
      {
        lead: 'emergency',
        assisting: ['urban-management', 'community'],
        limits: { acknowledgeMinutes: 5, handleMinutes: 120 },
      },
    ],
    [
      'street vendors in a market community bring the police in',
      'street-vendor',
      'beidu',
      'beidu-3',
      {
        lead: 'urban-management',
        assisting: ['police', 'community'],
        limits: { acknowledgeMinutes: 15, handleMinutes: 120 },
      },
    ],
    [
      'a place with no area rule gets the category-wide one',
      'street-vendor',
      'liyuan',
      'liyuan-1',
      { lead: 'urban-management', assisting: [], limits: { acknowledgeMinutes: 15, handleMinutes: 120 } },
    ],
  ])('%s', (_, cat, community, grid, expected) => {
    expect(suggestRoute(config.rules, category(cat), { community, grid })).toEqual(expected)
  })
})

describe('possible duplicates', () => {
  const now = Date.parse('2026-11-27T08:00:00Z')
  const base = {
    id: 1,
    category: 'road-flooding',
    cameraId: 'cam-0001',
    location: { lat: 38.08, lng: 114.45 },
    reportedAt: '2026-11-27T07:50:00Z',
  }
  it.each([
    ['same camera, same category, 10 minutes ago', base, true],
    ['another camera 60 m away', { ...base, cameraId: 'cam-0002', location: { lat: 38.08054, lng: 114.45 } }, true],
    ['another camera 200 m away', { ...base, cameraId: 'cam-0002', location: { lat: 38.0818, lng: 114.45 } }, false],
    ['same camera, another category', { ...base, category: 'garbage-burning' }, false],
    ['same camera, 40 minutes ago', { ...base, reportedAt: '2026-11-27T07:20:00Z' }, false],
  ])('%s', (_, candidate, expected) => {
    const found = possibleDuplicates(
      [candidate],
      { cameraId: 'cam-0001', category: 'road-flooding', location: { lat: 38.08, lng: 114.45 } },
      now,
    )
    expect(found.length === 1).toBe(expected)
  })

  it('measures distance on the earth', () => {
    expect(Math.round(distanceMetres({ lat: 38, lng: 114 }, { lat: 38.001, lng: 114 }))).toBe(111)
  })
})
