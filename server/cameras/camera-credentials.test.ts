import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { CameraDefinition } from '../contracts/camera-config.ts'
import { CameraCredentials, credentialsOf, MissingPasswordError } from './camera-credentials.ts'
import { withoutCredentials } from './media-url.ts'

/** `user:pass@` percent-encoded (RFC 3986 userinfo), as cameras' URIs may carry them. */
function withCredentials(url: string, credentials: CameraCredentials | null): string {
  const parsed = new URL(url)
  if (!credentials) return url
  parsed.username = encodeURIComponent(credentials.username)
  parsed.password = encodeURIComponent(credentials.revealPassword())
  return parsed.toString()
}

const camera = (source: CameraDefinition['source']): CameraDefinition => ({
  id: 'cam-1',
  name: 'x',
  categories: ['school'],
  community: 'c',
  grid: 'g',
  location: { lat: 0, lng: 0 },
  source,
})

describe('camera credentials', () => {
  it('never show the password in JSON, util.inspect, template strings or log objects', () => {
    const credentials = new CameraCredentials('admin', 's3cret-pw')
    const shown = [
      JSON.stringify({ credentials }),
      inspect(credentials),
      inspect({ nested: { credentials } }),
      `${credentials}`,
      String(credentials),
    ]
    for (const text of shown) expect(text).not.toContain('s3cret-pw')
    expect(JSON.parse(JSON.stringify(credentials))).toEqual({ username: 'admin', password: '***' })
    expect(credentials.revealPassword()).toBe('s3cret-pw')
  })

  it('resolve passwordEnv from the environment, and name the variable when it is missing', () => {
    const source = { type: 'onvif', host: 'h', port: 80, username: 'admin', passwordEnv: 'CAM_1_PASSWORD' } as const
    expect(credentialsOf(camera(source), { CAM_1_PASSWORD: 'from-env' })?.revealPassword()).toBe('from-env')
    expect(() => credentialsOf(camera(source), {})).toThrow(MissingPasswordError)
    expect(() => credentialsOf(camera(source), {})).toThrow('CAM_1_PASSWORD')
  })

  it('are none for an RTSP camera without a user', () => {
    expect(credentialsOf(camera({ type: 'rtsp', main: 'rtsp://h/x' }))).toBeNull()
  })
})

describe('stream URLs', () => {
  it.each([
    ['plain credentials go in as they are', 'admin', 'pw', 'rtsp://admin:pw@10.0.0.5:554/main'],
    [
      'reserved characters are percent-encoded',
      'ad@min',
      'p@ss:w/rd#?',
      'rtsp://ad%40min:p%40ss%3Aw%2Frd%23%3F@10.0.0.5:554/main',
    ],
    [
      'a percent sign is encoded once, not read as an escape',
      'admin',
      '100%41',
      'rtsp://admin:100%2541@10.0.0.5:554/main',
    ],
    ['Chinese and spaces survive', '管理员', 'a b', 'rtsp://%E7%AE%A1%E7%90%86%E5%91%98:a%20b@10.0.0.5:554/main'],
  ] as const)('%s', (_name, user, password, expected) => {
    const url = withCredentials('rtsp://10.0.0.5:554/main', new CameraCredentials(user, password))
    expect(url).toBe(expected)
    const parsed = new URL(url)
    expect([decodeURIComponent(parsed.username), decodeURIComponent(parsed.password)]).toEqual([user, password])
    expect(withoutCredentials(url)).toBe('rtsp://10.0.0.5:554/main')
  })

  it('leave a URL without credentials alone, and add none when the camera has none', () => {
    expect(withoutCredentials('rtsp://10.0.0.5/main?channel=1')).toBe('rtsp://10.0.0.5/main?channel=1')
    expect(withCredentials('rtsp://10.0.0.5/main', null)).toBe('rtsp://10.0.0.5/main')
  })
})
