import { createContext, useContext } from 'react';
import type { Locale } from '../api/types.ts';

export interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

export const LocaleContext = createContext<LocaleState>({ locale: 'en', setLocale: () => {} });

/** The user's language: for metadata labels, dates and numbers (text goes through i18next). */
export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}
