import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';
import type { Locale } from '../api/types.ts';

const STORAGE_KEY = 'tessera.locale';
export const LOCALES: Locale[] = ['en', 'zh-CN'];

function isLocale(value: unknown): value is Locale {
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

export function createI18n(locale: Locale) {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: 'en',
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

export { isLocale };
