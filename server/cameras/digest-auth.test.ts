import { describe, expect, it } from 'vitest'
import { checkDigest, digestChallenge, issueNonce } from '../../fixtures/fleet/rtsp/digest.ts'
import { CameraCredentials } from './camera-credentials.ts'
import { authorization, parseChallenges } from './digest-auth.ts'

const secret = 'test-secret'
const credentials = new CameraCredentials('admin', 'p@ss"w\\rd')

describe('answering an authentication challenge', () => {
  it.each([
    ['a digest challenge with qop=auth', true],
    ['a digest challenge without qop (RFC 2069, older cameras)', false],
  ])("%s is accepted by the fleet's server-side check", (_name, qop) => {
    const now = Date.now()
    const [challenge] = parseChallenges([digestChallenge('cams', issueNonce(secret, now), { qop })])
    const header = authorization(challenge!, credentials, { method: 'DESCRIBE', uri: 'rtsp://127.0.0.1/cam/main' })
    expect(
      checkDigest({
        header,
        method: 'DESCRIBE',
        realm: 'cams',
        username: 'admin',
        password: 'p@ss"w\\rd',
        secret,
        nowMs: now,
      }),
    ).toBe('ok')
    expect(
      checkDigest({
        header,
        method: 'DESCRIBE',
        realm: 'cams',
        username: 'admin',
        password: 'other',
        secret,
        nowMs: now,
      }),
    ).toBe('wrong')
  })

  it('prefers SHA-256 over MD5 over Basic when a camera offers several', () => {
    const challenges = parseChallenges([
      'Basic realm="x"',
      'Digest realm="x", nonce="n1", qop="auth", Digest realm="x", nonce="n2", algorithm=SHA-256, qop="auth"',
    ])
    expect(challenges.map((c) => [c.scheme, c.params['nonce']])).toEqual([
      ['digest', 'n2'],
      ['digest', 'n1'],
      ['basic', undefined],
    ])
  })

  it('ignores algorithms it cannot answer', () => {
    expect(parseChallenges(['Digest realm="x", nonce="n", algorithm=SHA-512-256'])).toEqual([])
  })

  it('answers Basic with base64 of user:password', () => {
    const header = authorization({ scheme: 'basic', params: {} }, new CameraCredentials('admin', 'pw'), {
      method: 'GET',
      uri: '/',
    })
    expect(header).toBe(`Basic ${Buffer.from('admin:pw').toString('base64')}`)
  })
})
