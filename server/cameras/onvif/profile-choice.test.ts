import { describe, expect, it } from 'vitest'
import type { OnvifProfile } from './onvif-parse.ts'
import { chooseProfiles, codecOf } from './profile-choice.ts'

const p = (token: string, width: number, height: number, encoding = 'H264'): OnvifProfile => ({
  token,
  name: token,
  encoding,
  width,
  height,
  ptz: false,
})

describe('choosing the main and sub profile', () => {
  it.each([
    [
      'the largest profile is main and the smallest usable one is sub',
      [p('a', 640, 360), p('b', 1920, 1080), p('c', 352, 288)],
      'b',
      'c',
    ],
    [
      'a profile narrower than 320 px is too small for the grid',
      [p('main', 1280, 720), p('tiny', 176, 144), p('small', 640, 360)],
      'main',
      'small',
    ],
    ['a camera with one profile uses it for both', [p('only', 1280, 720)], 'only', 'only'],
    [
      'a JPEG profile is a snapshot feed, never a stream',
      [p('mjpeg', 3840, 2160, 'JPEG'), p('h264', 1280, 720), p('sub', 640, 360)],
      'h264',
      'sub',
    ],
    [
      "equal sizes keep the camera's order, and an equal-size second profile is no sub",
      [p('first', 1280, 720), p('second', 1280, 720)],
      'first',
      'first',
    ],
    ['a profile without a resolution never wins main', [p('unknown', 0, 0), p('real', 704, 576)], 'real', 'real'],
  ] as Array<[string, OnvifProfile[], string, string]>)('%s', (_name, profiles, main, sub) => {
    const choice = chooseProfiles(profiles)
    expect([choice?.main.token, choice?.sub.token]).toEqual([main, sub])
  })

  it('gives nothing for a camera with only JPEG profiles', () => {
    expect(chooseProfiles([p('j', 640, 480, 'JPEG')])).toBeNull()
  })

  it.each([
    ['H264', 'h264'],
    ['H265', 'h265'],
    ['HEVC', 'h265'],
    ['JPEG', 'unknown'],
    [undefined, 'unknown'],
  ] as const)('encoding %s is codec %s', (encoding, codec) => {
    expect(codecOf(encoding)).toBe(codec)
  })
})
