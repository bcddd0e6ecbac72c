/**
 * How the wall PC runs its browser: Chromium full screen without its chrome, video that starts by itself
 * (no one clicks a wall), and V8 without its JIT compilers. The wall's script is light next to decoding its
 * tiles, and with the JIT the page's heap keeps growing all day with machine code that V8 compiles and
 * compiles again; without it the heap stays flat, at no CPU cost we could measure (docs/decisions.md,
 * "The wall's browser runs V8 without its JIT"). The pairing CLI prints this command; the wall benchmark
 * and the wall's browser tests run Chromium with the same V8 flags.
 */
export const KIOSK_JS_FLAGS = '--jitless'

export const KIOSK_CHROMIUM_FLAGS = [
  '--kiosk',
  '--autoplay-policy=no-user-gesture-required',
  `--js-flags=${KIOSK_JS_FLAGS}`,
] as const

/** The command to start the wall PC's browser on `url` (the pairing link, or `/wall?monitor=` afterwards). */
export function kioskCommand(url: string): string {
  return `chromium ${KIOSK_CHROMIUM_FLAGS.join(' ')} '${url}'`
}
