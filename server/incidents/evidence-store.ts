/**
 * Evidence files of incidents under DATA_DIR/evidence/<incident id>/: the snapshot taken when it was
 * flagged, the clip cut from the live stream, and photos posted by departments. Names are made here,
 * never taken from a request.
 */
import { mkdirSync, readFileSync, existsSync, writeFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'

export class EvidenceStore {
  constructor(private readonly root: string) {}

  private dir(incidentId: number): string {
    const dir = join(this.root, String(incidentId))
    mkdirSync(dir, { recursive: true })
    return dir
  }

  /** Written under a temporary name and renamed: a reader never sees half a file. */
  write(
    incidentId: number,
    name: 'snapshot.jpg' | 'clip.mp4' | `photo-${number}.${'jpg' | 'png'}`,
    data: Buffer,
  ): void {
    const path = join(this.dir(incidentId), name)
    writeFileSync(`${path}.part`, data)
    renameSync(`${path}.part`, path)
  }

  read(incidentId: number, name: string): Buffer | undefined {
    if (!/^(snapshot\.jpg|clip\.mp4|photo-\d{1,4}\.(jpg|png))$/.test(name)) return undefined
    const path = join(this.root, String(incidentId), name)
    return existsSync(path) ? readFileSync(path) : undefined
  }
}
