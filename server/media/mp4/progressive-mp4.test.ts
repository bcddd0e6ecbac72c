import { describe, expect, it } from 'vitest'
import { progressiveMp4Args } from './progressive-mp4.ts'

const OUTPUT = '/data/evidence/7/clip.mp4.part'
const valueAfter = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1]
/** What ffmpeg reads: from the input's `-f` to its `-i <source>`. */
const inputOf = (args: string[]): string[] => args.slice(args.indexOf('-f'), args.indexOf('-i') + 2)
/** What it does with it: everything after the input. */
const remuxOf = (args: string[]): string[] => args.slice(args.indexOf('-i') + 2)

describe('progressiveMp4Args', () => {
  it.each<[string, Parameters<typeof progressiveMp4Args>[0], string[]]>([
    ['fMP4 on stdin is read from pipe:0', 'pipe:0', ['-f', 'mp4', '-i', 'pipe:0']],
    [
      'fMP4 in a file (recorded segments) is read from that file',
      { file: '/data/recordings/cam-1/segments.mp4' },
      ['-f', 'mp4', '-i', '/data/recordings/cam-1/segments.mp4'],
    ],
    [
      'several recorded runs are joined by the concat demuxer, one after the other',
      { concat: '/data/recordings/cut-1/runs.txt' },
      ['-f', 'concat', '-safe', '0', '-i', '/data/recordings/cut-1/runs.txt'],
    ],
  ])('%s', (_name, input, expected) => {
    const args = progressiveMp4Args(input, OUTPUT)
    expect(inputOf(args)).toEqual(expected)
    expect(remuxOf(args), 'the same remux whatever the input').toEqual(remuxOf(progressiveMp4Args('pipe:0', OUTPUT)))
  })

  it.each<[string, (args: string[]) => void]>([
    [
      'ffmpeg reads no keyboard and prints only errors',
      (args) => expect(args.slice(0, 4)).toEqual(['-nostdin', '-hide_banner', '-loglevel', 'error']),
    ],
    [
      'the first video and any audio are copied, never re-encoded',
      (args) => {
        expect(args.filter((_, i) => args[i - 1] === '-map')).toEqual(['0:v:0', '0:a?'])
        expect(valueAfter(args, '-c')).toBe('copy')
      },
    ],
    [
      'timestamps are shifted to start at 0',
      (args) => expect(valueAfter(args, '-avoid_negative_ts')).toBe('make_zero'),
    ],
    ['moov is moved to the front', (args) => expect(valueAfter(args, '-movflags')).toBe('+faststart')],
    [
      'the output is a progressive MP4 at the given path, replacing a leftover',
      (args) => expect(args.slice(-4)).toEqual(['-f', 'mp4', '-y', OUTPUT]),
    ],
    ['nothing else is asked of ffmpeg', (args) => expect(args).toHaveLength(22)],
  ])('%s', (_name, check) => {
    check(progressiveMp4Args('pipe:0', OUTPUT))
  })
})
