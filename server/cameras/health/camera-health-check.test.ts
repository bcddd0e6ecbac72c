import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CameraCredentials } from '../camera-credentials.ts'
import type { RtspCameraSource } from '../camera-sources.ts'
import { OnvifDevices } from '../onvif/onvif-devices.ts'
import { checkCamera } from './camera-health-check.ts'

// A TCP peer that accepts and never answers, to see the deadline at work.
let silent: Server
let silentPort: number
const sockets: Socket[] = []
beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.push(socket)
  })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  silentPort = (silent.address() as { port: number }).port
})
afterAll(() => {
  for (const s of sockets) s.destroy()
  silent.close()
})

const rtsp = (port: number): RtspCameraSource => ({
  id: 'cam-1',
  ptz: false,
  type: 'rtsp',
  main: `rtsp://127.0.0.1:${port}/cam-1/main`,
  sub: undefined,
  credentials: new CameraCredentials('admin', 'pw'),
})

describe('one health check', () => {
  it('counts a running stream as proof of life without asking the camera', async () => {
    const observation = await checkCamera(rtsp(1), {
      devices: new OnvifDevices(),
      isStreaming: () => true,
      rtspTimeoutMs: 100,
    })
    expect(observation).toEqual({ ok: true })
  })

  it('reports a peer that accepts and never answers as unreachable, within the deadline', async () => {
    const observation = await checkCamera(rtsp(silentPort), {
      devices: new OnvifDevices(),
      isStreaming: () => false,
      rtspTimeoutMs: 300,
    })
    // The detail names the deadline that ended the wait: the peer itself would never have.
    expect(observation).toEqual({ ok: false, kind: 'unreachable', detail: 'RTSP: no answer within 0.3 s' })
  })
})
