import { describe, expect, it } from 'vitest'
import { buildRestreamArgs, type RestreamInput } from './restream-args.ts'

const output = ['-f', 'mp4', 'pipe:1']
const base: RestreamInput = { url: 'rtsp://u:p@10.0.0.5:554/main', mode: 'copy', quality: 'sub', outputArgs: output }

const valueAfter = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1]

describe('buildRestreamArgs', () => {
  it.each<[string, Partial<RestreamInput>, (args: string[]) => void]>([
    [
      'an H.264 RTSP camera is pulled over TCP with a socket timeout and copied',
      {},
      (args) => {
        expect(valueAfter(args, '-rtsp_transport')).toBe('tcp')
        expect(valueAfter(args, '-timeout')).toBe('5000000')
        expect(valueAfter(args, '-c:v')).toBe('copy')
        expect(args).not.toContain('libx264')
      },
    ],
    [
      'packets read while probing are kept (nobuffer would drop the first keyframe and cost a GOP)',
      {},
      (args) => {
        expect(valueAfter(args, '-fflags')).toBe('+genpts')
      },
    ],
    [
      'an RTSP camera starts without probing: its SDP names the codec',
      {},
      (args) => {
        expect(valueAfter(args, '-probesize')).toBe('32')
        expect(valueAfter(args, '-analyzeduration')).toBe('1')
      },
    ],
    [
      'a camera whose SDP lacks the parameter sets is probed for 0.5 s',
      { probe: 'full' },
      (args) => {
        expect(valueAfter(args, '-probesize')).toBe('500000')
        expect(valueAfter(args, '-analyzeduration')).toBe('500000')
      },
    ],
    [
      'an RTMP push camera is always probed (FLV names its streams only as they come)',
      { url: 'rtmp://127.0.0.1:1935/live/key' },
      (args) => {
        expect(valueAfter(args, '-probesize')).toBe('500000')
      },
    ],
    [
      'a longer socket timeout is given in microseconds',
      { socketTimeoutMs: 8000 },
      (args) => {
        expect(valueAfter(args, '-timeout')).toBe('8000000')
      },
    ],
    [
      'an H.265 camera is transcoded to H.264 360p on one thread with a keyframe every second',
      { mode: 'transcode' },
      (args) => {
        expect(valueAfter(args, '-c:v')).toBe('libx264')
        expect(valueAfter(args, '-vf')).toBe("scale=-2:'min(360,ih)'")
        expect(valueAfter(args, '-threads')).toBe('1')
        expect(valueAfter(args, '-force_key_frames')).toBe('expr:gte(t,n_forced*1)')
      },
    ],
    [
      'a maximised tile transcodes to at most 720p',
      { mode: 'transcode', quality: 'main' },
      (args) => {
        expect(valueAfter(args, '-vf')).toBe("scale=-2:'min(720,ih)'")
        expect(valueAfter(args, '-b:v')).toBe('2000k')
      },
    ],
    [
      'an RTMP push camera is read with an I/O timeout instead of RTSP options',
      { url: 'rtmp://127.0.0.1:1935/live/key' },
      (args) => {
        expect(args).not.toContain('-rtsp_transport')
        expect(valueAfter(args, '-rw_timeout')).toBe('5000000')
      },
    ],
    [
      'video only: audio, subtitles and data are dropped',
      {},
      (args) => {
        expect(valueAfter(args, '-map')).toBe('0:v:0')
        expect(args).toEqual(expect.arrayContaining(['-an', '-sn', '-dn']))
      },
    ],
    [
      'the input comes before the codec options and the packager output comes last',
      {},
      (args) => {
        expect(args.indexOf('-i')).toBeLessThan(args.indexOf('-c:v'))
        expect(args.slice(-output.length)).toEqual(output)
        expect(args[0]).toBe('-nostdin')
      },
    ],
  ])('%s', (_, change, check) => {
    check(buildRestreamArgs({ ...base, ...change }))
  })

  it('refuses a scheme it cannot pull', () => {
    expect(() => buildRestreamArgs({ ...base, url: 'http://10.0.0.5/stream' })).toThrow(
      'unsupported stream scheme "http"',
    )
  })
})
