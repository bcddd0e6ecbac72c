/**
 * At start, the recordings index and the files under DATA_DIR/recordings are made to agree, so nothing
 * broken is ever served after a kill -9 or a power cut:
 * - a `.part` (a file being written when the process died) is cut back to its last whole fragment,
 *   renamed and indexed as `repaired`, or deleted when not even one fragment survived;
 * - a whole file the index lacks (a crash between rename and insert) is indexed;
 * - an indexed file that is gone leaves the index.
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync, truncateSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import type { Quality } from '../contracts/media.ts'
import { indexFmp4File } from './fmp4-file-index.ts'
import type { RecordingsRepository } from './recordings-repository.ts'
import { PART_SUFFIX } from './segment-file.ts'

export interface ReconcileReport {
  repaired: number
  dropped: number
  indexed: number
  forgotten: number
}

const FILE_NAME = /^(\d+)-(main|sub)\.mp4$/

/** `<camera>/<day>/<name>` of every file two levels below root. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return []
  const out: string[] = []
  for (const camera of readdirSync(root, { withFileTypes: true })) {
    if (!camera.isDirectory()) continue
    for (const day of readdirSync(join(root, camera.name), { withFileTypes: true })) {
      if (!day.isDirectory()) continue
      for (const file of readdirSync(join(root, camera.name, day.name))) out.push(join(camera.name, day.name, file))
    }
  }
  return out
}

export function reconcileRecordings(root: string, repository: RecordingsRepository): ReconcileReport {
  const report: ReconcileReport = { repaired: 0, dropped: 0, indexed: 0, forgotten: 0 }
  const indexed = new Set<string>()
  for (const row of repository.all()) {
    if (existsSync(join(root, row.path))) indexed.add(row.path)
    else {
      repository.remove(row.id)
      report.forgotten++
    }
  }
  for (const path of filesUnder(root)) {
    const isPart = path.endsWith(PART_SUFFIX)
    const finalPath = isPart ? path.slice(0, -PART_SUFFIX.length) : path
    const [camera, , name] = finalPath.split('/') as [string, string, string]
    const match = FILE_NAME.exec(name)
    if (!match || (!isPart && indexed.has(path))) continue
    const full = join(root, path)
    const index = indexFmp4File(readFileSync(full))
    if (!index) {
      unlinkSync(full)
      report.dropped++
      continue
    }
    if (isPart) {
      if (statSync(full).size > index.validBytes) truncateSync(full, index.validBytes)
      renameSync(full, join(root, finalPath))
      report.repaired++
    } else {
      report.indexed++
    }
    const startMs = Number(match[1])
    repository.insert({
      cameraId: camera,
      quality: match[2] as Quality,
      startMs,
      endMs: Math.round(startMs + Math.max(1, index.durationMs)),
      bytes: index.validBytes,
      path: finalPath,
      state: isPart ? 'repaired' : 'complete',
      newRun: true,
      initBytes: index.initBytes,
      pieces: index.pieces,
    })
  }
  return report
}
