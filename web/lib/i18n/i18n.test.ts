import { describe, expect, it } from 'vitest'
import { dictionaries, LANGUAGES, placeholders, translate } from './translate.ts'

describe('dictionaries', () => {
  const [first, ...others] = LANGUAGES
  const reference = dictionaries[first!]

  for (const language of others) {
    it(`${language} has exactly the keys of ${first}`, () => {
      expect(Object.keys(dictionaries[language]).sort()).toEqual(Object.keys(reference).sort())
    })

    it(`${language} uses the same placeholders as ${first} in every message`, () => {
      for (const [key, template] of Object.entries(reference)) {
        const other = dictionaries[language][key as keyof typeof reference]
        expect({ key, names: placeholders(other) }).toEqual({ key, names: placeholders(template) })
      }
    })
  }

  it('no message is empty', () => {
    for (const language of LANGUAGES) {
      for (const [key, value] of Object.entries(dictionaries[language])) {
        expect({ language, key, empty: value.trim() === '' }).toEqual({ language, key, empty: false })
      }
    }
  })
})

describe('translate', () => {
  it('fills placeholders by name', () => {
    expect(translate('en', 'cameras.shown', { shown: 3, total: 40 })).toBe('Showing 3 of 40')
    expect(translate('zh-CN', 'cameras.shown', { shown: 3, total: 40 })).toBe('显示 3 / 40 路')
  })

  it('leaves a placeholder without a value visible', () => {
    expect(translate('en', 'cameras.shown', { shown: 3 })).toBe('Showing 3 of {total}')
  })

  it('returns the template unchanged when no params are given', () => {
    expect(translate('zh-CN', 'app.name')).toBe('雪亮工程 · 视频巡查调度台')
  })
})
