/**
 * Which of the benchmark's 130 simulated cameras does what. The fleet's fleet.yaml `overrides` give the
 * last 30 a 2 s GOP; the rest keep the default 1 s. Start-up runs need cameras the server is not already
 * streaming, so each run takes fresh ones from a pool of 30 per GOP; the load uses cam-t001 upwards. Pure.
 */
export const CAMERA_COUNT = 130

export const cameraId = (n: number): string => `cam-t${String(n).padStart(3, '0')}`

const range = (first: number, last: number): string[] =>
  Array.from({ length: last - first + 1 }, (_, i) => cameraId(first + i))

const POOLS: Record<1 | 2, string[]> = { 1: range(71, 100), 2: range(101, 130) }

/** The fleet overrides that give the 2 s GOP pool its GOP. */
export function gopOverrides(): Record<string, { gopSeconds: number }> {
  return Object.fromEntries(POOLS[2].map((id) => [id, { gopSeconds: 2 }]))
}

export interface StartCameras {
  /** Per run: one camera for the HTTP cold start, one for the Chromium cold start. */
  runs: Array<{ http: string; browser: string }>
  /** The camera already streaming for warm joins. */
  warm: string
}

export function startCameras(gopSeconds: 1 | 2, runs: number): StartCameras {
  const pool = POOLS[gopSeconds]
  if (runs * 2 + 1 > pool.length)
    throw new Error(`${runs} runs need ${runs * 2 + 1} fresh cameras per GOP; the pool has ${pool.length}`)
  return {
    runs: Array.from({ length: runs }, (_, i) => ({ http: pool[2 * i]!, browser: pool[2 * i + 1]! })),
    warm: pool[pool.length - 1]!,
  }
}

/** The first `count` cameras, for `count` concurrent streams. */
export function loadCameras(count: number): string[] {
  if (count > CAMERA_COUNT) throw new Error(`${count} streams, but the benchmark configures ${CAMERA_COUNT} cameras`)
  return range(1, count)
}
