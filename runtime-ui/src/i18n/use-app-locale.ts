import { useMemo, useState } from 'react';
import type { i18n as I18n } from 'i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Locale } from '../api/types.ts';
import { initialLocale, rememberLocale } from './locale.ts';
import type { LocaleState } from './locale-context.ts';

function applyToDocument(locale: Locale): void {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
}

/**
 * The language of a browser app (/app and /designer alike): chosen once per browser, applied to its
 * i18next instance, dates and the page. Returns the i18n instance and the LocaleContext value.
 */
export function useAppLocale(createI18n: (locale: Locale) => I18n): { i18n: I18n; context: LocaleState } {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const first = initialLocale();
    applyToDocument(first);
    return first;
  });
  // Made once, in the first language; later choices go through changeLanguage.
  const [i18n] = useState(() => createI18n(locale));
  const context = useMemo(
    () => ({
      locale,
      setLocale(next: Locale) {
        rememberLocale(next);
        void i18n.changeLanguage(next);
        applyToDocument(next);
        setLocaleState(next);
      },
    }),
    [locale, i18n],
  );
  return { i18n, context };
}
