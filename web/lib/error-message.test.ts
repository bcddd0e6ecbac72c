import { describe, expect, it } from 'vitest'
import type { ErrorBody } from '../../server/contracts/errors.ts'
import { ApiError } from './api-client.ts'
import { describeError } from './error-message.ts'
import { translate, type Language, type MessageKey, type MessageParams } from './i18n/translate.ts'

const in_ = (language: Language) => (key: MessageKey, params?: MessageParams) => translate(language, key, params)
const en = in_('en')
const zh = in_('zh-CN')

/** An ApiError from a body as the server sends it: a catalog code, its params, an English message. */
const answer = (path: string, body: ErrorBody) => new ApiError(body.statusCode, body, path)

const rateLimited = answer('/api/auth/login', {
  statusCode: 429,
  error: 'Too Many Requests',
  code: 'auth.rate-limited',
  params: { seconds: 52 },
  message: 'too many login attempts; try again in 52 s',
})
const wrongCredentials = answer('/api/auth/login', {
  statusCode: 401,
  error: 'Unauthorized',
  code: 'auth.wrong-credentials',
  params: {},
  message: 'wrong username or password',
})
const unknownCamera = answer('/api/incidents/duplicates', {
  statusCode: 400,
  error: 'Bad Request',
  code: 'camera.unknown',
  params: { camera: 'cam-9999' },
  message: 'cameraId: unknown camera "cam-9999"',
})
const wrongRole = answer('/api/incidents/3/transitions', {
  statusCode: 403,
  error: 'Forbidden',
  code: 'incident.forbidden-role',
  params: { action: 'archive', role: 'operator' },
  message: 'archive needs the role supervisor or admin; you are operator',
})
const missingField = answer('/api/incidents/3/transitions', {
  statusCode: 400,
  error: 'Bad Request',
  code: 'incident.missing-field',
  params: { action: 'close', field: 'closeReason' },
  message: 'close needs closeReason',
})
const missingPassword = answer('/api/auth/login', {
  statusCode: 400,
  error: 'Bad Request',
  code: 'request.invalid',
  params: { field: 'password', problem: "must have required property 'password'" },
  message: "invalid request: body must have required property 'password'",
})
const routeNeedsRole = answer('/api/case-feed/status', {
  statusCode: 403,
  error: 'Forbidden',
  code: 'auth.forbidden-role',
  params: { role: 'operator', needed: 'supervisor or admin' },
  message: 'this needs the role supervisor or admin; you are operator',
})

describe('describeError', () => {
  const cases: Array<{
    name: string
    error: unknown
    credentialAttempt?: boolean
    translate?: typeof en
    message: string
    sessionEnded: boolean
  }> = [
    {
      name: 'a 429 on sign-in says how long to wait, in Chinese',
      error: rateLimited,
      credentialAttempt: true,
      translate: zh,
      message: '登录尝试次数过多，请 52 秒后再试',
      sessionEnded: false,
    },
    {
      name: 'a 401 on sign-in is about the credentials, translated from its code',
      error: wrongCredentials,
      credentialAttempt: true,
      translate: zh,
      message: '用户名或密码错误',
      sessionEnded: false,
    },
    {
      name: 'the same 401 in English',
      error: wrongCredentials,
      credentialAttempt: true,
      message: 'Wrong username or password',
      sessionEnded: false,
    },
    {
      name: 'an unknown camera names the camera',
      error: unknownCamera,
      translate: zh,
      message: '找不到摄像机“cam-9999”，请核对摄像机编号或链接',
      sessionEnded: false,
    },
    {
      name: 'roles and actions in the params are shown by their names',
      error: wrongRole,
      translate: zh,
      message: '您的角色（坐席员）不能执行“归档”',
      sessionEnded: false,
    },
    {
      name: 'a missing field is named as the form names it',
      error: missingField,
      message: '“Close” needs: a close reason',
      sessionEnded: false,
    },
    {
      name: 'a validation problem is said in the language, the field named as sent',
      error: missingPassword,
      translate: zh,
      message: '填写的内容有误：password 必须填写',
      sessionEnded: false,
    },
    {
      name: 'the roles a route needs are listed in the language',
      error: routeNeedsRole,
      translate: zh,
      message: '您的角色（坐席员）无权进行此操作，需要：督办领导或系统管理员',
      sessionEnded: false,
    },
    {
      name: "a code this build does not know shows the server's own text",
      error: new ApiError(
        409,
        { statusCode: 409, error: 'Conflict', code: 'future.code', params: {}, message: 'a newer refusal' },
        '/api/x',
      ),
      message: 'a newer refusal',
      sessionEnded: false,
    },
    {
      name: 'a 401 anywhere else ends the session',
      error: answer('/api/cameras', {
        statusCode: 401,
        error: 'Unauthorized',
        code: 'auth.session-ended',
        params: {},
        message: 'your session has ended; please log in again',
      }),
      message: 'Your session has ended; please sign in again',
      sessionEnded: true,
    },
    {
      name: 'an error without a server body falls back to the localized text',
      error: new ApiError(502, undefined, '/api/cameras'),
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
      const options = { credentialAttempt: c.credentialAttempt }
      expect(describeError(c.error, 'errors.loadCameras', c.translate ?? en, options)).toEqual({
        message: c.message,
        sessionEnded: c.sessionEnded,
      })
    })
  }
})
