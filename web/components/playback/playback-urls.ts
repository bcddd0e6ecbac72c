/** Where recorded video and instant replay are served (server/recording/playback-routes.ts, media/live-routes.ts). */
import type { RecordingsAnswer } from '../../../server/contracts/recording.ts'
import { api } from '../../lib/api-client.ts'

const iso = (ms: number): string => new Date(ms).toISOString()
const camera = (id: string): string => encodeURIComponent(id)

export const recordingPlaylistUrl = (cameraId: string, startMs: number, endMs: number): string =>
  `/playback/${camera(cameraId)}/index.m3u8?start=${iso(startMs)}&end=${iso(endMs)}`

export const replayPlaylistUrl = (cameraId: string, quality: 'main' | 'sub'): string =>
  `/live/${camera(cameraId)}/${quality}/replay.m3u8`

export function recordings(cameraId: string, fromMs: number, toMs: number): Promise<RecordingsAnswer> {
  return api.request('GET', `/api/cameras/${camera(cameraId)}/recordings?from=${iso(fromMs)}&to=${iso(toMs)}`)
}
