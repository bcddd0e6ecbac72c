import { describe, expect, it } from 'vitest'
import type { EventCategory } from '../../../server/contracts/camera-config.ts'
import { nameOf, orderCategories } from './labels.ts'

const category = (id: string): EventCategory => ({
  id,
  name: id,
  limits: { acknowledgeMinutes: 10, handleMinutes: 60 },
})

describe('labels', () => {
  it('puts the four required categories first, the rest in configured order', () => {
    const configured = [
      'illegal-parking',
      'garbage-burning',
      'fire-smoke',
      'vehicle-scrape',
      'street-vendor',
      'road-flooding',
      'road-damage',
    ].map(category)
    expect(orderCategories(configured).map((c) => c.id)).toEqual([
      'vehicle-scrape',
      'road-flooding',
      'street-vendor',
      'garbage-burning',
      'illegal-parking',
      'fire-smoke',
      'road-damage',
    ])
  })

  it('names in the current language, falling back to Chinese, then to the id', () => {
    const departments = [
      { id: 'urban-management', name: '城管', nameEn: 'Urban management' },
      { id: 'police', name: '公安' },
    ]
    expect(nameOf(departments, 'urban-management', 'zh-CN')).toBe('城管')
    expect(nameOf(departments, 'urban-management', 'en')).toBe('Urban management')
    expect(nameOf(departments, 'police', 'en')).toBe('公安')
    expect(nameOf(departments, 'gone', 'en')).toBe('gone')
    expect(nameOf(departments, null, 'en')).toBe('—')
  })
})
