/** A tour's items (cameras and groups) as the ordered list of cameras it shows, each once. Pure. */
import type { TourItem } from '../contracts/patrol.ts'

export interface ExpandableCamera {
  id: string
  categories: readonly string[]
  community: string
  grid: string
}

export function expandTour(items: readonly TourItem[], cameras: readonly ExpandableCamera[]): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  const add = (id: string): void => {
    if (!seen.has(id)) {
      seen.add(id)
      out.push(id)
    }
  }
  for (const item of items) {
    if (item.type === 'camera') {
      if (cameras.some((c) => c.id === item.id)) add(item.id)
      continue
    }
    for (const camera of cameras) {
      const member =
        item.type === 'category'
          ? camera.categories.includes(item.id)
          : item.type === 'community'
            ? camera.community === item.id
            : camera.grid === item.id
      if (member) add(camera.id)
    }
  }
  return out
}

/** Items naming something the configuration does not have, as a message; null when all resolve. */
export function unknownItems(
  items: readonly TourItem[],
  known: Record<TourItem['type'], (id: string) => boolean>,
): { items: string; message: string } | null {
  const bad = items.filter((item) => !known[item.type](item.id)).map((item) => `${item.type} "${item.id}"`)
  return bad.length === 0 ? null : { items: bad.join(', '), message: `unknown ${bad.join(', ')}` }
}
