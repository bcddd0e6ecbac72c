/**
 * Evidence files of incidents under DATA_DIR/evidence/<incident id>/: the snapshot taken when it was
 * flagged, the clip cut from the live stream or the recording, photos posted by departments, and
 * exports of recorded ranges. Names are made here,
 * never taken from a request.
 */
import { mkdirSync, existsSync, readdirSync, writeFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'

export type EvidenceName = 'snapshot.jpg' | 'clip.mp4' | `photo-${number}.${'jpg' | 'png'}` | `export-${number}.mp4`
const EVIDENCE_NAME = /^(snapshot\.jpg|clip\.mp4|photo-\d{1,4}\.(jpg|png)|export-\d{1,4}\.mp4)$/

export class EvidenceStore {
  constructor(private readonly root: string) {}

  private dir(incidentId: number): string {
    const dir = join(this.root, String(incidentId))
    mkdirSync(dir, { recursive: true })
    return dir
  }

  /** Written under a temporary name and renamed: a reader never sees half a file. */
  write(incidentId: number, name: EvidenceName, data: Buffer): void {
    const path = join(this.dir(incidentId), name)
    writeFileSync(`${path}.part`, data)
    renameSync(`${path}.part`, path)
  }

  /** Where one of an incident's files is, if it exists; served from there (streamed, by range). */
  pathOf(incidentId: number, name: string): string | undefined {
    if (!EVIDENCE_NAME.test(name)) return undefined
    const path = join(this.root, String(incidentId), name)
    return existsSync(path) ? path : undefined
  }

  /** The next free `export-<n>.mp4` of an incident (exports are made one at a time: see export-routes.ts). */
  nextExportName(incidentId: number): `export-${number}.mp4` {
    const taken = readdirSync(this.dir(incidentId))
      .map((name) => /^export-(\d+)\.mp4$/.exec(name)?.[1])
      .filter((n) => n !== undefined)
      .map(Number)
    return `export-${Math.max(0, ...taken) + 1}.mp4`
  }

  /** Where a file that is written by another program (ffmpeg) goes; it must write elsewhere and rename. */
  pathFor(incidentId: number, name: EvidenceName): string {
    return join(this.dir(incidentId), name)
  }
}
