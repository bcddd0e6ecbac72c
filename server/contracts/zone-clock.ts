/**
 * The wall clock of a time zone at an instant, for server and web alike (Intl, so summer time is right
 * where a zone has it). One formatter per zone: building an Intl.DateTimeFormat costs far more than using it.
 */
export interface ZoneClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** 1 = Monday ... 7 = Sunday. */
  weekday: number
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    })
    formatters.set(timeZone, format)
  }
  return format
}

export function zoneClock(utcMs: number, timeZone: string): ZoneClock {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(utcMs))
      .map((p) => [p.type, p.value]),
  )
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    weekday: WEEKDAYS[parts['weekday'] ?? ''] ?? 0,
  }
}

/** The zone's wall clock at an instant read as if it were UTC, whole seconds (for offset arithmetic). */
export function zoneClockAsUtcMs(utcMs: number, timeZone: string): number {
  const c = zoneClock(utcMs, timeZone)
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second)
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** `YYYY-MM-DD<sep>HH:mm:ss` of an instant in the zone. */
export function zoneDateTimeText(utcMs: number, timeZone: string, separator: 'T' | ' '): string {
  const c = zoneClock(utcMs, timeZone)
  return `${c.year}-${pad(c.month)}-${pad(c.day)}${separator}${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`
}
