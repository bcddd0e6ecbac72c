/**
 * One step of the case loop sent with the version the operator saw. The server saves the snapshot and the
 * clip in the background and each save bumps the incident's version, so a 409 right after a report is
 * usually the evidence landing, not a person: when the reloaded incident is still at the stage the
 * operator saw, the step is sent once more with the current version. Any other 409 stands.
 */
import type { Incident, Stage } from '../../../server/contracts/incidents.ts'
import { ApiError } from '../api-client.ts'

export async function sendAtStage(
  shown: Incident,
  stage: Stage,
  send: (version: number) => Promise<Incident>,
  reload: (id: number) => Promise<Incident>,
): Promise<Incident> {
  try {
    return await send(shown.version)
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 409)) throw error
    const current = await reload(shown.id)
    if (current.stage !== stage) throw error
    return send(current.version)
  }
}
