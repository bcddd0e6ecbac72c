/**
 * Resolves what an ONVIF camera offers: device information, its profiles, the main and sub profile, their
 * RTSP stream URIs (GetStreamUri, RTP-Unicast over RTSP) and the snapshot URI. URIs are kept without
 * credentials: those are added at the last moment, for ffmpeg only.
 */
import { CameraFailure } from '../camera-failure.ts'
import type { OnvifCameraSource } from '../camera-sources.ts'
import { withoutCredentials } from '../media-url.ts'
import type { OnvifDevices } from './onvif-devices.ts'
import {
  OnvifParseError,
  parseDeviceInfo,
  parseMediaUri,
  parseProfiles,
  type OnvifDeviceInfo,
  type OnvifProfile,
} from './onvif-parse.ts'
import { chooseProfiles, codecOf } from './profile-choice.ts'

export interface ResolvedProfileStream {
  profileToken: string
  /** rtsp:// without credentials. */
  uri: string
  codec: 'h264' | 'h265' | 'unknown'
  width: number | undefined
  height: number | undefined
}

export interface CameraMedia {
  cameraId: string
  /** `host:port/path` of the device service this was resolved from. */
  address: string
  device: OnvifDeviceInfo
  profiles: OnvifProfile[]
  main: ResolvedProfileStream
  sub: ResolvedProfileStream
  /** http(s):// without credentials; null when the camera offers none. */
  snapshotUri: string | null
  /** The profile PTZ commands go to (main when it has a PTZ configuration), or null. */
  ptzProfileToken: string | null
  resolvedAt: string
}

export async function resolveOnvifMedia(
  devices: OnvifDevices,
  source: OnvifCameraSource,
  address: string,
  now = (): Date => new Date(),
): Promise<CameraMedia> {
  const cam = await devices.connect(source)
  const device = parseDeviceInfo(
    await devices.call(source, 'ONVIF GetDeviceInformation', (c, cb) => c.getDeviceInformation(cb)),
  )
  // connect() has fetched the profiles already; ask again only if it found none (some devices need it).
  let profiles = parseProfiles(cam.profiles)
  if (profiles.length === 0)
    profiles = parseProfiles(await devices.call(source, 'ONVIF GetProfiles', (c, cb) => c.getProfiles(cb)))
  const choice = chooseProfiles(profiles)
  if (!choice) throw new CameraFailure('offline', 'ONVIF: the camera offers no video profile')

  const streamOf = async (profile: OnvifProfile): Promise<ResolvedProfileStream> => {
    const answer = await devices.call(source, `ONVIF GetStreamUri (${profile.token})`, (c, cb) =>
      c.getStreamUri({ protocol: 'RTSP', stream: 'RTP-Unicast', profileToken: profile.token }, cb),
    )
    const uri = parsed(() => parseMediaUri(answer, `ONVIF GetStreamUri (${profile.token})`))
    if (!/^rtsps?:/i.test(uri))
      throw new CameraFailure('offline', `ONVIF GetStreamUri (${profile.token}): not an RTSP URI`)
    return {
      profileToken: profile.token,
      uri: withoutCredentials(uri),
      codec: codecOf(profile.encoding),
      width: profile.width,
      height: profile.height,
    }
  }
  const main = await streamOf(choice.main)
  const sub = choice.sub === choice.main ? main : await streamOf(choice.sub)

  let snapshotUri: string | null = null
  try {
    const answer = await devices.call(source, 'ONVIF GetSnapshotUri', (c, cb) =>
      c.getSnapshotUri({ profileToken: choice.main.token }, cb),
    )
    snapshotUri = withoutCredentials(parsed(() => parseMediaUri(answer, 'ONVIF GetSnapshotUri')))
  } catch (error) {
    // Snapshots are optional in Profile S; a refusal here is no reason to fail the streams.
    if (error instanceof CameraFailure && error.kind !== 'offline') throw error
  }
  const ptzProfile = choice.main.ptz ? choice.main : profiles.find((p) => p.ptz)
  return {
    cameraId: source.id,
    address,
    device,
    profiles,
    main,
    sub,
    snapshotUri,
    ptzProfileToken: ptzProfile?.token ?? null,
    resolvedAt: now().toISOString(),
  }
}

function parsed<T>(read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (error instanceof OnvifParseError) throw new CameraFailure('offline', error.message)
    throw error
  }
}
