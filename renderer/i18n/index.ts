// i18next set-up: Dutch by default, English switchable; the choice is remembered in localStorage.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import nl from './nl.json';
import en from './en.json';

/** Languages the UI offers, Dutch first. */
export const LANGUAGES = ['nl', 'en'] as const;
/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'veldwerk.language';

/** True if `x` is a supported UI language code. */
export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/** The remembered language from localStorage, or Dutch when none (or storage is unavailable). */
export function storedLanguage(): Language {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : 'nl';
  } catch {
    return 'nl';
  }
}

/** Switches the UI language, remembers it and updates `<html lang>`. */
export async function setLanguage(lang: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage may be disabled; the switch still applies to this session
  }
  document.documentElement.lang = lang;
  await i18n.changeLanguage(lang);
}

/** Initialises i18next once; resolves when the translations are ready. */
export async function initI18n(): Promise<typeof i18n> {
  const lng = storedLanguage();
  document.documentElement.lang = lng;
  await i18n.use(initReactI18next).init({
    resources: { nl: { translation: nl }, en: { translation: en } },
    lng,
    fallbackLng: 'nl',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18n;
}

export default i18n;
