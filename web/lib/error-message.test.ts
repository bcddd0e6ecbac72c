import { describe, expect, it } from 'vitest'
import { ApiError } from './api-client.ts'
import { describeError } from './error-message.ts'
import { translate } from './i18n/translate.ts'

const en = (key: Parameters<typeof translate>[1]) => translate('en', key)

describe('describeError', () => {
  const cases: Array<{
    name: string
    error: unknown
    credentialAttempt?: boolean
    message: string
    sessionEnded: boolean
  }> = [
    {
      name: 'the server message of a 429 is shown as is',
      error: new ApiError(429, '登录尝试过多，请 1 分钟后再试', '/api/auth/login'),
      credentialAttempt: true,
      message: '登录尝试过多，请 1 分钟后再试',
      sessionEnded: false,
    },
    {
      name: 'a 401 on sign-in is about the credentials and shows the server message',
      error: new ApiError(401, '用户名或密码错误', '/api/auth/login'),
      credentialAttempt: true,
      message: '用户名或密码错误',
      sessionEnded: false,
    },
    {
      name: 'a 401 anywhere else ends the session',
      error: new ApiError(401, 'Unauthorized', '/api/cameras'),
      message: 'Your session has ended; please sign in again',
      sessionEnded: true,
    },
    {
      name: 'an error without a server message falls back to the localized text',
      error: new ApiError(502, null, '/api/cameras'),
      message: 'Could not load the camera list',
      sessionEnded: false,
    },
    {
      name: 'a network failure says the server cannot be reached',
      error: new TypeError('Failed to fetch'),
      message: 'Cannot reach the server; check the network and try again',
      sessionEnded: false,
    },
    {
      name: 'anything else falls back to the localized text',
      error: new Error('boom'),
      message: 'Could not load the camera list',
      sessionEnded: false,
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      expect(describeError(c.error, 'errors.loadCameras', en, { credentialAttempt: c.credentialAttempt })).toEqual({
        message: c.message,
        sessionEnded: c.sessionEnded,
      })
    })
  }
})
