import type { Locale } from '../api/types.ts';

/** The user's chosen language, kept per browser and shared by /app and /designer. */
const STORAGE_KEY = 'tessera.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'zh-CN';
}

/** The language chosen on this browser, else the browser's own (Chinese → zh-CN), else English. */
export function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function hasStoredLocale(): boolean {
  return isLocale(localStorage.getItem(STORAGE_KEY));
}

export function rememberLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
}
