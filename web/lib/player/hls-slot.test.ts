import { describe, expect, it } from 'vitest'
import { HlsSlot, type HlsInstance } from './hls-slot.ts'
import type { PlayerError } from './player-recovery.ts'

/** hls.js stands in here (an edge we do not own); the real one runs in the console's browser tests. */
class FakeHls implements HlsInstance<string> {
  readonly calls: string[] = []
  readonly listeners = new Set<(error: PlayerError) => void>()
  loadSource(url: string): void {
    this.calls.push(`loadSource ${url}`)
  }
  attachMedia(media: string): void {
    this.calls.push(`attachMedia ${media}`)
  }
  stopLoad(): void {
    this.calls.push('stopLoad')
  }
  detachMedia(): void {
    this.calls.push('detachMedia')
  }
  recoverMediaError(): void {
    this.calls.push('recoverMediaError')
  }
  destroy(): void {
    this.calls.push('destroy')
  }
  emit(error: PlayerError): void {
    for (const listener of this.listeners) listener(error)
  }
}

const mediaError = (fatal: boolean): PlayerError => ({
  fatal,
  type: 'mediaError',
  details: 'bufferStalledError',
  httpStatus: null,
  serverProblem: null,
})

function setup() {
  const created: FakeHls[] = []
  const slot = new HlsSlot<string, FakeHls>({
    media: 'video-1',
    create: () => {
      const hls = new FakeHls()
      created.push(hls)
      return hls
    },
    onError: (hls, listener) => {
      hls.listeners.add(listener)
      return () => hls.listeners.delete(listener)
    },
  })
  const errors: PlayerError[] = []
  const open = (url: string) => {
    const engine = slot.engine({ onError: (error) => errors.push(error) })
    engine.load(url)
    return engine
  }
  return { slot, created, errors, open }
}

describe('HlsSlot', () => {
  it('the next camera loads into the same instance: stopped and detached, then the new source before the media', () => {
    const { created, open } = setup()
    open('/cam-1.m3u8').handBack()
    open('/cam-2.m3u8')
    expect(created).toHaveLength(1)
    expect(created[0]!.calls).toEqual([
      'loadSource /cam-1.m3u8',
      'attachMedia video-1',
      'stopLoad',
      'detachMedia',
      'loadSource /cam-2.m3u8',
      'attachMedia video-1',
    ])
  })

  it('a reload after trouble destroys the instance, and the reload gets a fresh one', () => {
    const { created, open } = setup()
    open('/cam-1.m3u8').destroy()
    open('/cam-1.m3u8')
    expect(created).toHaveLength(2)
    expect(created[0]!.calls).toEqual(['loadSource /cam-1.m3u8', 'attachMedia video-1', 'destroy'])
    expect(created[0]!.listeners.size).toBe(0)
  })

  it('an instance that reported a fatal error is destroyed, and the next load gets a fresh one', () => {
    const { created, open } = setup()
    const engine = open('/cam-1.m3u8')
    created[0]!.emit(mediaError(true))
    engine.handBack()
    open('/cam-1.m3u8')
    expect(created).toHaveLength(2)
    expect(created[0]!.calls.at(-1)).toBe('destroy')
    expect(created[0]!.calls).not.toContain('detachMedia')
  })

  it('a non-fatal error reaches the controller and the instance is still kept', () => {
    const { created, errors, open } = setup()
    const engine = open('/cam-1.m3u8')
    created[0]!.emit(mediaError(false))
    engine.handBack()
    open('/cam-2.m3u8')
    expect(errors).toEqual([mediaError(false)])
    expect(created).toHaveLength(1)
  })

  it('an ended engine hears no more errors from the instance it gave back', () => {
    const { created, errors, open } = setup()
    open('/cam-1.m3u8').handBack()
    created[0]!.emit(mediaError(true))
    expect(errors).toEqual([])
    expect(created[0]!.listeners.size).toBe(0)
  })

  it('dispose destroys the kept instance, and an engine still out is destroyed when it ends', () => {
    const { slot, created, open } = setup()
    open('/cam-1.m3u8').handBack()
    slot.dispose()
    expect(created[0]!.calls.at(-1)).toBe('destroy')

    const second = setup()
    const engine = second.open('/cam-1.m3u8')
    second.slot.dispose()
    engine.handBack()
    expect(second.created[0]!.calls.at(-1)).toBe('destroy')
    expect(second.created[0]!.calls).not.toContain('detachMedia')
  })

  it('two engines out at once (a reload racing a switch): the second to end is destroyed, one stays kept', () => {
    const { created, open } = setup()
    const first = open('/cam-1.m3u8')
    const second = open('/cam-2.m3u8')
    first.handBack()
    second.handBack()
    expect(created).toHaveLength(2)
    expect(created[0]!.calls.at(-1)).toBe('detachMedia')
    expect(created[1]!.calls.at(-1)).toBe('destroy')
    open('/cam-3.m3u8')
    expect(created).toHaveLength(2)
    expect(created[0]!.calls.at(-1)).toBe('attachMedia video-1')
  })
})
