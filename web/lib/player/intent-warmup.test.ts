import { describe, expect, it } from 'vitest'
import { IntentWarmup } from './intent-warmup.ts'

function setup(send: () => Promise<unknown> = () => Promise.resolve()) {
  let now = 0
  const sent: string[] = []
  const warmup = new IntentWarmup({
    send: (cameraId, quality) => {
      sent.push(`${cameraId}/${quality}`)
      return send()
    },
    now: () => now,
    repeatAfterMs: 10_000,
  })
  return {
    warmup,
    sent,
    advance: (ms: number) => {
      now += ms
    },
  }
}

describe('IntentWarmup', () => {
  it('a press starts the stream at once; pressing again (the second click of a double-click) sends nothing more', () => {
    const { warmup, sent, advance } = setup()
    expect(warmup.pressed('cam-1', 'sub')).toBe(true)
    advance(250)
    expect(warmup.pressed('cam-1', 'sub')).toBe(false)
    expect(sent).toEqual(['cam-1/sub'])
  })

  it('another camera or the other quality is a new stream', () => {
    const { warmup, sent } = setup()
    warmup.pressed('cam-1', 'sub')
    warmup.pressed('cam-2', 'sub')
    warmup.pressed('cam-1', 'main')
    expect(sent).toEqual(['cam-1/sub', 'cam-2/sub', 'cam-1/main'])
  })

  it('after the repeat time the same stream is asked for again (the server may have stopped it)', () => {
    const { warmup, sent, advance } = setup()
    warmup.pressed('cam-1', 'sub')
    advance(9_999)
    warmup.pressed('cam-1', 'sub')
    advance(1)
    warmup.pressed('cam-1', 'sub')
    expect(sent).toEqual(['cam-1/sub', 'cam-1/sub'])
  })

  it('a failed or throwing send is ignored', async () => {
    const rejecting = setup(() => Promise.reject(new Error('503')))
    expect(rejecting.warmup.pressed('cam-1', 'sub')).toBe(true)
    const throwing = new IntentWarmup({
      send: () => {
        throw new Error('offline')
      },
      now: () => 0,
    })
    expect(throwing.pressed('cam-1', 'sub')).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 0))
  })
})
