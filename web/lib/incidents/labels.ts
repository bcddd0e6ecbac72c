/** Display names for configured ids (categories, departments, communities, grids) in the current language. */
import type { PublicConfig } from '../../../server/contracts/api.ts'
import type { EventCategory } from '../../../server/contracts/camera-config.ts'
import type { Language } from '../i18n/translate.ts'

interface Named {
  id: string
  name: string
  nameEn?: string
}

/** The configured name, or the id itself for something the configuration no longer has. */
export function nameOf(list: readonly Named[] | undefined, id: string | null, language: Language): string {
  if (id === null) return '—'
  const found = list?.find((item) => item.id === id)
  if (!found) return id
  return language === 'en' ? (found.nameEn ?? found.name) : found.name
}

export interface ConfigNames {
  category(id: string): string
  department(id: string | null): string
  community(id: string | null): string
  grid(id: string | null): string
}

export function namesFrom(config: PublicConfig | null, language: Language): ConfigNames {
  return {
    category: (id) => nameOf(config?.eventCategories, id, language),
    department: (id) => nameOf(config?.departments, id, language),
    community: (id) => nameOf(config?.communities, id, language),
    grid: (id) => nameOf(config?.grids, id, language),
  }
}

/** Joins names the way each language lists them: 城管、公安 / Urban management, Police. */
export function joinNames(names: readonly string[], language: Language): string {
  return names.join(language === 'en' ? ', ' : '、')
}

/** The four categories the monitoring room reports most (docs/domain.md) first, then the rest as configured. */
export const PRIMARY_CATEGORIES = ['vehicle-scrape', 'road-flooding', 'street-vendor', 'garbage-burning'] as const

export function orderCategories(categories: readonly EventCategory[]): EventCategory[] {
  const rank = (id: string): number => {
    const index = (PRIMARY_CATEGORIES as readonly string[]).indexOf(id)
    return index === -1 ? PRIMARY_CATEGORIES.length : index
  }
  // Array.prototype.sort is stable: the configured order holds within each rank.
  return [...categories].sort((a, b) => rank(a.id) - rank(b.id))
}
