import { describe, expect, it } from 'vitest'
import { ERROR_CODE_LIST, ERROR_CODES, type ErrorCode } from '../../../server/contracts/errors.ts'
import { errorText } from '../error-message.ts'
import { dictionaries, LANGUAGES, placeholders, translate, type MessageKey, type MessageParams } from './translate.ts'

const CHINESE = /[\u4e00-\u9fff]/

/** A plausible value for each parameter name the catalog uses. */
function sampleParams(code: ErrorCode): Record<string, string | number> {
  const samples: Record<string, string | number> = {
    seconds: 52,
    role: 'operator',
    needed: 'supervisor or admin',
    field: 'note',
    problem: 'must be string',
    origin: 'https://example.org',
    method: 'GET',
    path: '/api/nothing',
    streams: 48,
    username: 'zhang.wei',
    camera: 'cam-9999',
    quality: 'hd',
    name: 'seg-12.m4s',
    codec: 'hvc1',
    id: 7,
    incident: 'SJ-20261203-0007',
    action: 'close',
    stage: 'in-progress',
    into: 12,
    department: 'police',
    type: 'image/png',
    category: 'road-flooding',
    tiles: 4,
    cameras: 9,
    items: 'camera "cam-9999"',
  }
  return Object.fromEntries(ERROR_CODES[code].map((name) => [name, samples[name] ?? `<${name}>`]))
}

describe('the error catalog and its translations', () => {
  for (const language of LANGUAGES) {
    const keys = Object.keys(dictionaries[language]).filter((key) => key.startsWith('error.'))

    it(`${language} translates every code in the catalog`, () => {
      const missing = ERROR_CODE_LIST.filter((code) => !keys.includes(`error.${code}`))
      expect(missing).toEqual([])
    })

    it(`${language} has no translation for a code the catalog does not declare`, () => {
      const stray = keys.filter((key) => !(ERROR_CODE_LIST as string[]).includes(key.slice('error.'.length)))
      expect(stray).toEqual([])
    })

    it(`${language} uses exactly the parameters each code declares`, () => {
      for (const code of ERROR_CODE_LIST) {
        const template = dictionaries[language][`error.${code}`]
        expect({ code, names: placeholders(template) }).toEqual({ code, names: [...ERROR_CODES[code]].sort() })
      }
    })
  }

  it('every code reads as Chinese in zh-CN, its parameters filled in', () => {
    const zh = (key: MessageKey, params?: MessageParams) => translate('zh-CN', key, params)
    for (const code of ERROR_CODE_LIST) {
      const text = errorText(code, sampleParams(code), zh)
      expect({ code, chinese: CHINESE.test(text), unfilled: /\{\w+\}/.test(text) }).toEqual({
        code,
        chinese: true,
        unfilled: false,
      })
    }
  })

  it('every code reads without Chinese in English', () => {
    const en = (key: MessageKey, params?: MessageParams) => translate('en', key, params)
    for (const code of ERROR_CODE_LIST) {
      const text = errorText(code, sampleParams(code), en)
      expect({ code, chinese: CHINESE.test(text), unfilled: /\{\w+\}/.test(text) }).toEqual({
        code,
        chinese: false,
        unfilled: false,
      })
    }
  })
})
