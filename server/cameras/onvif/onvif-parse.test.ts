import { describe, expect, it } from 'vitest'
import { OnvifParseError, parseDeviceInfo, parseMediaUri, parsePresets, parseProfiles } from './onvif-parse.ts'

describe("reading the onvif package's answers", () => {
  it('reads Media 1 profiles, with numeric tokens made text again', () => {
    const profiles = parseProfiles([
      {
        $: { token: 'profile-main' },
        name: 'main',
        videoEncoderConfiguration: { encoding: 'H264', resolution: { width: 1280, height: 720 } },
        PTZConfiguration: {},
      },
      {
        $: { token: 2 },
        name: 'sub',
        videoEncoderConfiguration: { encoding: 'H265', resolution: { width: '640', height: '360' } },
      },
    ])
    expect(profiles).toEqual([
      { token: 'profile-main', name: 'main', encoding: 'H264', width: 1280, height: 720, ptz: true },
      { token: '2', name: 'sub', encoding: 'H265', width: 640, height: 360, ptz: false },
    ])
  })

  it('reads Media 2 profiles (configurations.videoEncoder)', () => {
    expect(
      parseProfiles({
        $: { token: 'm2' },
        configurations: { videoEncoder: { encoding: 'H265', resolution: { width: 2560, height: 1440 } }, PTZ: {} },
      }),
    ).toEqual([{ token: 'm2', name: 'm2', encoding: 'H265', width: 2560, height: 1440, ptz: true }])
  })

  it('drops entries without a token and fields that are not what they claim', () => {
    expect(
      parseProfiles([
        { name: 'no token' },
        'junk',
        null,
        { $: { token: 't' }, videoEncoderConfiguration: { resolution: { width: -5, height: 'x' } } },
      ]),
    ).toEqual([{ token: 't', name: 't', encoding: undefined, width: undefined, height: undefined, ptz: false }])
    expect(parseProfiles(undefined)).toEqual([])
  })

  it('reads device information and ignores what is not text', () => {
    expect(
      parseDeviceInfo({ manufacturer: 'Acme', model: { _: 'X1' }, serialNumber: 1234, firmwareVersion: {} }),
    ).toEqual({
      manufacturer: 'Acme',
      model: 'X1',
      firmwareVersion: undefined,
      serialNumber: '1234',
      hardwareId: undefined,
    })
  })

  it('reads a media URI in either shape and refuses one that is missing or not a URL', () => {
    expect(parseMediaUri({ uri: 'rtsp://10.0.0.5/main' }, 'GetStreamUri')).toBe('rtsp://10.0.0.5/main')
    expect(parseMediaUri({ mediaUri: { uri: 'http://10.0.0.5/snap.jpg' } }, 'GetSnapshotUri')).toBe(
      'http://10.0.0.5/snap.jpg',
    )
    expect(() => parseMediaUri({}, 'GetStreamUri')).toThrow(OnvifParseError)
    expect(() => parseMediaUri({ uri: 'not a url' }, 'GetStreamUri')).toThrow(
      'GetStreamUri: the answer holds no valid URI',
    )
  })

  it('reads presets keyed by name as the package keeps them', () => {
    expect(
      parsePresets({
        'Main gate': { $: { token: 'preset-1' }, name: 'Main gate' },
        Other: { $: { token: 7 } },
        broken: 'x',
      }),
    ).toEqual([
      { token: 'preset-1', name: 'Main gate' },
      { token: '7', name: '7' },
    ])
  })
})
