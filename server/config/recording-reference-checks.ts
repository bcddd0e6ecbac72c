/**
 * recording.yaml's cross-checks: every camera, category and community a rule names exists, a rule picks
 * something, windows run forwards, and the quota is a usable size.
 */
import { parseByteSize, type RecordingSettings } from '../contracts/recording.ts'
import { checkUniqueIds, type IssueList } from './reference-checks.ts'
import type { KnownIds } from './wall-reference-checks.ts'

const FILE = 'recording.yaml'

export function recordingReferenceIssues(list: IssueList, recording: RecordingSettings, known: KnownIds): void {
  const add = (path: (string | number)[], message: string): void => list.add(FILE, ['recording', ...path], message)
  const size = parseByteSize(recording.quota)
  if (size === undefined || size <= 0) add(['quota'], `"${recording.quota}" is not a size above zero`)
  checkUniqueIds(list, FILE, 'rules', recording.rules, ['recording'])
  recording.rules.forEach((rule, r) => {
    const check = (key: 'cameras' | 'categories' | 'communities', ids: ReadonlySet<string>, what: string): void =>
      rule[key]?.forEach((id, k) => {
        if (!ids.has(id)) add(['rules', r, key, k], `unknown ${what} "${id}"`)
      })
    check('cameras', known.cameraIds, 'camera')
    check('categories', known.cameraCategories, 'camera category')
    check('communities', known.communities, 'community')
    if (!rule.cameras && !rule.categories && !rule.communities)
      add(['rules', r], 'a rule needs cameras, categories or communities')
    if (rule.schedule === 'always') return
    rule.schedule.forEach((window, w) => {
      if (window.from >= window.to)
        add(['rules', r, 'schedule', w, 'to'], `"to" (${window.to}) must be after "from" (${window.from})`)
      const repeated = window.days.filter((day, i) => window.days.indexOf(day) !== i)
      if (repeated.length > 0) add(['rules', r, 'schedule', w, 'days'], `day ${repeated[0]} is listed twice`)
    })
  })
}
