/**
 * How a department hears of a new dispatch, and the dispatch board of a new report, a return or an
 * escalation: a short two-tone beep made with the Web Audio API (no audio files) and a desktop
 * notification. Browsers allow both only after the user has done something on the page, so `unlock()`
 * runs on the first click; when either is refused the screen still shows the alert.
 */

type AudioContextClass = typeof AudioContext

let context: AudioContext | null = null

/**
 * Creates or resumes the audio context; call from a user gesture (click, key). Safe to call often.
 * Resolves whether the beep can play now.
 */
export async function unlockSound(): Promise<boolean> {
  const Ctor =
    (globalThis as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass }).AudioContext ??
    (globalThis as { webkitAudioContext?: AudioContextClass }).webkitAudioContext
  if (!Ctor) return false
  try {
    context ??= new Ctor()
    if (context.state === 'suspended') await context.resume()
    return context.state === 'running'
  } catch {
    return false
  }
}

/** ~0.5 s: two short tones (880 Hz then 660 Hz), loud enough to be heard across a room, not a siren. */
export function beep(): boolean {
  if (!context || context.state !== 'running') return false
  const start = context.currentTime
  for (const [offset, frequency] of [
    [0, 880],
    [0.25, 660],
  ] as const) {
    const oscillator = context.createOscillator()
    const gain = context.createGain()
    oscillator.type = 'sine'
    oscillator.frequency.value = frequency
    // A quick fade in and out: a hard start or stop clicks in the speaker.
    gain.gain.setValueAtTime(0.0001, start + offset)
    gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.22)
    oscillator.connect(gain).connect(context.destination)
    oscillator.start(start + offset)
    oscillator.stop(start + offset + 0.24)
  }
  return true
}

export type NotificationState = 'granted' | 'denied' | 'default' | 'unsupported'

export function notificationState(): NotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
}

/** Asks once, from a user gesture; a refusal is remembered by the browser and we never nag again. */
export async function askNotifications(): Promise<NotificationState> {
  if (typeof Notification === 'undefined') return 'unsupported'
  if (Notification.permission !== 'default') return Notification.permission
  try {
    return await Notification.requestPermission()
  } catch {
    return 'denied'
  }
}

/** Shows a notification when allowed; `tag` replaces an older one about the same incident. */
export function notify(title: string, body: string, tag: string, onclick: () => void): void {
  if (notificationState() !== 'granted') return
  try {
    const notification = new Notification(title, { body, tag })
    notification.onclick = () => {
      window.focus()
      onclick()
      notification.close()
    }
  } catch {
    // Some platforms allow notifications only from a service worker: the inbox shows the alert anyway.
  }
}
