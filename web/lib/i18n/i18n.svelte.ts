/**
 * The current language, as reactive state persisted to localStorage. Components call `t(key, params)`;
 * because `t` reads `locale.language` (a $state field), every label re-renders when the language changes.
 */
import {
  DEFAULT_LANGUAGE,
  isLanguage,
  translate,
  type Language,
  type MessageKey,
  type MessageParams,
} from './translate.ts'

const STORAGE_KEY = 'sharp-eyes.language'

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isLanguage(value) ? value : DEFAULT_LANGUAGE
  } catch {
    // Storage can be disabled (privacy settings, kiosk profiles): fall back to the default.
    return DEFAULT_LANGUAGE
  }
}

class Locale {
  language = $state<Language>(storedLanguage())

  constructor() {
    this.#applyToDocument()
  }

  set(language: Language): void {
    this.language = language
    try {
      localStorage.setItem(STORAGE_KEY, language)
    } catch {
      // Not persisted; the choice still holds for this page.
    }
    this.#applyToDocument()
  }

  reset(): void {
    this.set(DEFAULT_LANGUAGE)
  }

  #applyToDocument(): void {
    // Screen readers and CJK font selection both follow <html lang>.
    document.documentElement.lang = this.language
  }
}

export const locale = new Locale()

export function t(key: MessageKey, params?: MessageParams): string {
  return translate(locale.language, key, params)
}

export { LANGUAGES, type Language, type MessageKey } from './translate.ts'
