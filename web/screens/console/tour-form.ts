/**
 * The tour editor's form as pure data: from a Tour to editable fields and back to a TourInput, with
 * the checks the server would make named in the operator's terms (message keys), before a round trip.
 */
import type { LayoutKind, Tour, TourInput, TourItem } from '../../../server/contracts/patrol.ts'
import type { MessageKey } from '../../lib/i18n/translate.ts'

export interface TourForm {
  name: string
  kind: LayoutKind
  dwellSeconds: number
  items: TourItem[]
  /** "08:00, 10:00" as typed; empty for no schedule. */
  times: string
  weekdays: number[]
}

export function emptyForm(): TourForm {
  return { name: '', kind: '4', dwellSeconds: 15, items: [], times: '', weekdays: [1, 2, 3, 4, 5, 6, 7] }
}

export function formOf(tour: Tour): TourForm {
  return {
    name: tour.name,
    kind: tour.kind,
    dwellSeconds: tour.dwellSeconds,
    items: [...tour.items],
    times: tour.schedule?.times.join(', ') ?? '',
    weekdays: tour.schedule?.weekdays ?? [1, 2, 3, 4, 5, 6, 7],
  }
}

const TIME = /^([01]?[0-9]|2[0-3]):([0-5][0-9])$/

/** "8:00, 10:30；14:00" -> ["08:00", "10:30", "14:00"], sorted, without repeats; null if one is not a time. */
export function parseTimes(text: string): string[] | null {
  const parts = text.split(/[\s,，;；]+/).filter((part) => part !== '')
  const times: string[] = []
  for (const part of parts) {
    const match = TIME.exec(part)
    if (!match) return null
    const time = `${match[1]!.padStart(2, '0')}:${match[2]}`
    if (!times.includes(time)) times.push(time)
  }
  return times.sort()
}

export type FormResult = { input: TourInput } | { error: MessageKey }

export function toInput(form: TourForm): FormResult {
  const name = form.name.trim()
  if (name === '') return { error: 'tourEditor.errors.name' }
  if (form.items.length === 0) return { error: 'tourEditor.errors.items' }
  if (!Number.isInteger(form.dwellSeconds) || form.dwellSeconds < 3 || form.dwellSeconds > 3600)
    return { error: 'tourEditor.errors.dwell' }
  const times = parseTimes(form.times)
  if (times === null) return { error: 'tourEditor.errors.times' }
  if (times.length > 0 && form.weekdays.length === 0) return { error: 'tourEditor.errors.weekdays' }
  const schedule = times.length === 0 ? null : { times, weekdays: [...form.weekdays].sort((a, b) => a - b) }
  return { input: { name, items: form.items, kind: form.kind, dwellSeconds: form.dwellSeconds, schedule } }
}

/** Adds items not already in the list (same type and id). */
export function addItems(items: readonly TourItem[], added: readonly TourItem[]): TourItem[] {
  const next = [...items]
  for (const item of added) {
    if (!next.some((existing) => existing.type === item.type && existing.id === item.id)) next.push(item)
  }
  return next
}
