import { describe, expect, it } from 'vitest'
import { StreamWarmup, type WarmupStream } from './stream-warmup.ts'

function setup(send: (streams: WarmupStream[]) => Promise<unknown> = () => Promise.resolve()) {
  const sent: WarmupStream[][] = []
  let flush: (() => void) | null = null
  const warmup = new StreamWarmup({
    send: (streams) => {
      sent.push(streams)
      return send(streams)
    },
    defer: (f) => {
      flush = f
    },
  })
  return { warmup, sent, flush: () => flush?.() }
}

describe('StreamWarmup', () => {
  it('the tiles that open in the same tick share one prefetch, each stream once', async () => {
    const { warmup, sent, flush } = setup()
    const done = [
      warmup.request('cam-1', 'sub'),
      warmup.request('cam-2', 'sub'),
      warmup.request('cam-1', 'sub'),
      warmup.request('cam-1', 'main'),
    ]
    expect(sent).toEqual([])
    flush()
    await Promise.all(done)
    expect(sent).toEqual([
      [
        { cameraId: 'cam-1', quality: 'sub' },
        { cameraId: 'cam-2', quality: 'sub' },
        { cameraId: 'cam-1', quality: 'main' },
      ],
    ])
  })

  it('more than 25 streams go out in several posts (the server caps a call at 25)', async () => {
    const { warmup, sent, flush } = setup()
    const done = Array.from({ length: 30 }, (_, i) => warmup.request(`cam-${i}`, 'sub'))
    flush()
    await Promise.all(done)
    expect(sent.map((s) => s.length)).toEqual([25, 5])
  })

  it('players go ahead once the post is sent, without waiting for its answer, and a failed post is ignored', async () => {
    const { warmup, flush } = setup(() => new Promise(() => undefined))
    const never = setup(() => Promise.reject(new Error('403')))
    const a = warmup.request('cam-1', 'sub')
    const b = never.warmup.request('cam-1', 'sub')
    flush()
    never.flush()
    await expect(Promise.all([a, b])).resolves.toEqual([undefined, undefined])
  })

  it('a later tick starts a new batch', async () => {
    const { warmup, sent, flush } = setup()
    const first = warmup.request('cam-1', 'sub')
    flush()
    await first
    const second = warmup.request('cam-2', 'sub')
    flush()
    await second
    expect(sent).toEqual([[{ cameraId: 'cam-1', quality: 'sub' }], [{ cameraId: 'cam-2', quality: 'sub' }]])
  })
})
