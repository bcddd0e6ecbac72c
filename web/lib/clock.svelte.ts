/**
 * One wall clock for every countdown on screen, ticking once a second only while some screen holds it:
 * SLA countdowns all change in the same frame instead of drifting apart on their own timers.
 */
class Clock {
  now = $state(Date.now())
  #holders = 0
  #timer: ReturnType<typeof setInterval> | undefined

  /** Starts the ticking (if not running); returns the release. Call from onMount. */
  hold(): () => void {
    if (this.#holders++ === 0) {
      this.now = Date.now()
      this.#timer = setInterval(() => {
        this.now = Date.now()
      }, 1_000)
    }
    let released = false
    return () => {
      if (released) return
      released = true
      if (--this.#holders === 0) clearInterval(this.#timer)
    }
  }
}

export const clock = new Clock()
