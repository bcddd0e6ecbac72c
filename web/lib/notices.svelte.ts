/** The one banner for messages that belong to no form: failed loads, an ended session. */
export type NoticeTone = 'error' | 'info'

export interface Notice {
  id: number
  message: string
  tone: NoticeTone
}

// Long enough to read a Chinese sentence twice from across the room; errors in forms stay inline instead.
const VISIBLE_MS = 12_000

class Notices {
  current = $state<Notice | null>(null)
  #nextId = 1
  #timer: ReturnType<typeof setTimeout> | undefined

  show(message: string, tone: NoticeTone = 'error'): void {
    clearTimeout(this.#timer)
    const id = this.#nextId++
    this.current = { id, message, tone }
    this.#timer = setTimeout(() => {
      if (this.current?.id === id) this.current = null
    }, VISIBLE_MS)
  }

  dismiss(): void {
    clearTimeout(this.#timer)
    this.current = null
  }

  reset(): void {
    this.dismiss()
  }
}

export const notices = new Notices()
