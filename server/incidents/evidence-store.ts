/**
 * Evidence files of incidents under DATA_DIR/evidence/<incident id>/: the snapshot taken when it was
 * flagged, the clip cut from the live stream, and photos posted by departments. Names are made here,
 * never taken from a request.
 */
import { mkdirSync, existsSync, writeFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'

export type EvidenceName = 'snapshot.jpg' | 'clip.mp4' | `photo-${number}.${'jpg' | 'png'}`
const EVIDENCE_NAME = /^(snapshot\.jpg|clip\.mp4|photo-\d{1,4}\.(jpg|png))$/

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

  /** Where a file that is written by another program (ffmpeg) goes; it must write elsewhere and rename. */
  pathFor(incidentId: number, name: EvidenceName): string {
    return join(this.dir(incidentId), name)
  }
}
