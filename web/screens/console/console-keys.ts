/**
 * The console's keyboard, as a pure mapping from a key press to a command. Keys typed into a field are
 * never commands: the operator may be searching for "N" or naming a tour.
 */
import type { Direction } from './layout-model.ts'

export type KeyCommand =
  | { kind: 'select-tile'; index: number }
  | { kind: 'move'; direction: Direction }
  | { kind: 'maximise' }
  | { kind: 'restore' }
  | { kind: 'toggle-tour' }
  | { kind: 'next-page' }
  | { kind: 'previous-page' }
  | { kind: 'snapshot' }
  | { kind: 'flag' }
  | { kind: 'push-camera' }
  | { kind: 'push-layout' }
  | { kind: 'help' }
  | { kind: 'fullscreen-tile' }
  | { kind: 'fullscreen-grid' }
  | { kind: 'toggle-playback' }
  | { kind: 'back-to-live' }
  | { kind: 'play-pause' }
  | { kind: 'step-back'; seconds: number }
  | { kind: 'change-rate'; direction: 1 | -1 }
  | { kind: 'toggle-sync' }

export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  /** The event came from an input, textarea, select or contenteditable element. */
  typing: boolean
  /** The event came from a button, link or tab, which keeps Enter and Space for itself. */
  onControl: boolean
  /** A tour is on screen (running or paused). */
  touring: boolean
}

const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' }

/** The shortcuts the help overlay lists, in order, as [keys, message key suffix]. */
export const SHORTCUTS = [
  ['1 – 9', 'selectTile'],
  ['← ↑ → ↓', 'moveSelection'],
  ['Enter', 'maximise'],
  ['Esc', 'restore'],
  ['Space', 'toggleTour'],
  ['N / P', 'nextPrevious'],
  ['S', 'snapshot'],
  ['F', 'flag'],
  ['V', 'fullscreenTile'],
  ['Shift + V', 'fullscreenGrid'],
  ['W', 'pushCamera'],
  ['Shift + W', 'pushLayout'],
  ['R', 'playback'],
  ['L', 'backToLive'],
  ['K', 'playPause'],
  ['J / Shift + J', 'stepBack'],
  ['[ / ]', 'playbackRate'],
  ['T', 'playbackSync'],
  ['/', 'search'],
  ['Enter', 'openCamera'],
  ['?', 'help'],
] as const

export function commandFor(press: KeyPress): KeyCommand | null {
  if (press.typing || press.ctrlKey || press.metaKey || press.altKey) return null
  const { key } = press
  // Space belongs to the tour while one is on screen, wherever the focus is: right after a click on
  // 开始 the button still has the focus, and Space there would start the tour again instead of pausing it.
  if (press.onControl && (key === 'Enter' || (key === ' ' && !press.touring))) return null
  if (/^[1-9]$/.test(key)) return { kind: 'select-tile', index: Number(key) - 1 }
  const direction = ARROWS[key]
  if (direction) return { kind: 'move', direction }
  switch (key) {
    case 'Enter':
      return { kind: 'maximise' }
    case 'Escape':
      return { kind: 'restore' }
    case ' ':
      return { kind: 'toggle-tour' }
    case 'n':
    case 'N':
      return { kind: 'next-page' }
    case 'p':
    case 'P':
      return { kind: 'previous-page' }
    case 's':
    case 'S':
      return { kind: 'snapshot' }
    case 'f':
    case 'F':
      return { kind: 'flag' }
    // Case matters here: Shift+W pushes the whole layout, W only the selected tile.
    case 'w':
      return { kind: 'push-camera' }
    case 'W':
      return { kind: 'push-layout' }
    case 'v':
      return { kind: 'fullscreen-tile' }
    case 'V':
      return { kind: 'fullscreen-grid' }
    case '?':
      return { kind: 'help' }
    // Playback of the selected tile (R: recorded video, or instant replay when it is not recorded).
    case 'r':
    case 'R':
      return { kind: 'toggle-playback' }
    case 'l':
    case 'L':
      return { kind: 'back-to-live' }
    case 'k':
    case 'K':
      return { kind: 'play-pause' }
    case 'j':
      return { kind: 'step-back', seconds: 10 }
    case 'J':
      return { kind: 'step-back', seconds: 30 }
    case '[':
      return { kind: 'change-rate', direction: -1 }
    case ']':
      return { kind: 'change-rate', direction: 1 }
    case 't':
    case 'T':
      return { kind: 'toggle-sync' }
    default:
      return null
  }
}

export function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as { closest?: (selector: string) => unknown } | null
  return (
    typeof element?.closest === 'function' &&
    element.closest('input, textarea, select, [contenteditable="true"]') !== null
  )
}
