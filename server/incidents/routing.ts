/**
 * Which departments an incident goes to, and its time limits: the most specific routing rule for its
 * category and place (grid, then community, then the category-wide rule). Pure.
 */
import type { EventCategory, RoutingRule, TimeLimits } from '../contracts/camera-config.ts'

export interface RouteSuggestion {
  lead: string | null
  assisting: string[]
  limits: TimeLimits
}

export function suggestRoute(
  rules: readonly RoutingRule[],
  category: EventCategory,
  place: { community: string | null; grid: string | null },
): RouteSuggestion {
  const forCategory = rules.filter((r) => r.category === category.id)
  const rule =
    forCategory.find((r) => r.grid !== undefined && r.grid === place.grid) ??
    forCategory.find((r) => r.grid === undefined && r.community !== undefined && r.community === place.community) ??
    forCategory.find((r) => r.grid === undefined && r.community === undefined)
  return { lead: rule?.lead ?? null, assisting: rule?.assisting ?? [], limits: rule?.limits ?? category.limits }
}
