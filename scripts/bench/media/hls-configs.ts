/**
 * hls.js configurations tried against our LL-HLS (by name, `--hls-config`), and the one used for the bare
 * ffmpeg baseline. Plain JSON: they cross into the page through page.evaluate.
 */
export type HlsConfig = Record<string, number | boolean>

export const OUR_CONFIGS: Record<string, HlsConfig> = {
  // hls.js's own low-latency behaviour: it aims at the playlist's PART-HOLD-BACK (0.6 s). The default:
  // in trial runs (2 per GOP) it had the lowest latency (0.76 s) and warm join (0.23 s) of the three.
  'll-default': { lowLatencyMode: true, backBufferLength: 10 },
  // Aim at PART-HOLD-BACK, and let hls.js play up to 1.5x until it is back there; jump if over 3 s late.
  'll-edge': {
    lowLatencyMode: true,
    backBufferLength: 10,
    liveSyncDuration: 0.6,
    liveMaxLatencyDuration: 3,
    maxLiveSyncPlaybackRate: 1.5,
  },
  // One part further back than ll-edge: fewer stalls on a busy machine, a little more latency.
  'll-safe': {
    lowLatencyMode: true,
    backBufferLength: 10,
    liveSyncDuration: 0.8,
    liveMaxLatencyDuration: 3,
    maxLiveSyncPlaybackRate: 1.5,
  },
}

/** The baseline has no parts: hls.js's defaults (three segments behind the edge) with the same back buffer. */
export const BASELINE_CONFIG: HlsConfig = { backBufferLength: 10 }

export function ourConfig(name: string): HlsConfig {
  const config = OUR_CONFIGS[name]
  if (!config) throw new Error(`no hls.js config "${name}": use one of ${Object.keys(OUR_CONFIGS).join(', ')}`)
  return config
}
