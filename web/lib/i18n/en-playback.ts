import type { zhCNPlayback } from './zh-cn-playback.ts'

/** The English messages of playback in the console; the same keys as zh-cn-playback.ts. */
export const enPlayback: Record<keyof typeof zhCNPlayback, string> = {
  'playback.enter': 'Playback (R)',
  'playback.badge': 'Playback',
  'playback.replayBadge': 'Replay',
  'playback.loading': 'Loading playback…',
  'playback.failed': 'Playback cannot be played',
  'playback.play': 'Play (K)',
  'playback.pause': 'Pause (K)',
  'playback.back10': 'Back 10 s (J)',
  'playback.back30': 'Back 30 s (Shift + J)',
  'playback.rate': 'Speed ([ ])',
  'playback.zoomIn': 'Zoom the timeline in',
  'playback.zoomOut': 'Zoom the timeline out',
  'playback.sync': 'Sync',
  'playback.syncHint': 'Synced playback: tiles in playback follow the selected tile’s moment (T)',
  'playback.export': 'Export',
  'playback.exportHint': 'Shift-drag on the timeline to mark a stretch, then export it',
  'playback.live': 'Live',
  'playback.liveHint': 'Back to live (L)',
  'playback.timeline': 'Playback timeline',
  'playback.incident': 'Incident {code}',

  'help.playback': 'Play back the selected tile / back to live (cameras not recorded replay the last 30 s)',
  'help.backToLive': 'Back to live',
  'help.playPause': 'Pause / resume playback',
  'help.stepBack': 'Playback back 10 s / 30 s',
  'help.playbackRate': 'Playback slower / faster (1x, 2x, 4x, 8x)',
  'help.playbackSync': 'Synced playback on / off',
}
