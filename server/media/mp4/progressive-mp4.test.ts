import { describe, expect, it } from 'vitest'
import { progressiveMp4Args } from './progressive-mp4.ts'

describe('progressiveMp4Args', () => {
  it.each<[string, Parameters<typeof progressiveMp4Args>[0], string[]]>([
    [
      'fMP4 on stdin is copied, shifted to start at 0, with moov moved to the front',
      'pipe:0',
      ['-f', 'mp4', '-i', 'pipe:0'],
    ],
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
  ])('%s', (_name, input, inputArgs) => {
    expect(progressiveMp4Args(input, '/data/evidence/7/clip.mp4.part')).toEqual([
      '-nostdin',
      '-hide_banner',
      '-loglevel',
      'error',
      ...inputArgs,
      '-map',
      '0:v:0',
      '-map',
      '0:a?',
      '-c',
      'copy',
      '-avoid_negative_ts',
      'make_zero',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      '-y',
      '/data/evidence/7/clip.mp4.part',
    ])
  })
})
