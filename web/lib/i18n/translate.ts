/** Pure translation: dictionaries, the language list and placeholder filling. No state here. */
import { en } from './en.ts'
import { zhCN, type MessageKey } from './zh-cn.ts'

export type { MessageKey }
export type Language = 'zh-CN' | 'en'
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en']
export const DEFAULT_LANGUAGE: Language = 'zh-CN'

export const dictionaries: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en }

export type MessageParams = Record<string, string | number>

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/**
 * Fills `{name}` placeholders. A placeholder without a value stays visible as `{name}` so a missing
 * parameter shows up on screen instead of silently vanishing.
 */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const template = dictionaries[language][key]
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  )
}

/** The placeholder names a message uses, for the dictionary test. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort()
}
