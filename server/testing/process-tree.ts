/** Process lookups through /proc, so tests can check that what a process started has ended too. */
import { readdirSync, readFileSync } from 'node:fs'

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name may hold spaces and parentheses: fields resume after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

export function isAlive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return state.slice(state.lastIndexOf(')') + 2, state.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

/** Every living descendant of `pid`. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const parent = parentOf(Number(entry))
    if (parent !== undefined) parents.set(Number(entry), parent)
  }
  const found: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const current = queue.shift()!
    for (const [child, parent] of parents) {
      if (parent === current && isAlive(child)) {
        found.push(child)
        queue.push(child)
      }
    }
  }
  return found
}

export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}
