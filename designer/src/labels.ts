/** Metadata labels ({en, zh-CN}) in the user's language: theirs first, then English, Chinese, the fallback. */
import { useCallback } from 'react';
import type { Locale, LocalizedText } from '../../runtime-ui/src/api/types.ts';
import { useLocale } from './i18n/index.ts';

export function labelIn(text: LocalizedText | undefined, locale: Locale, fallback: string): string {
  return text?.[locale] ?? text?.en ?? text?.['zh-CN'] ?? fallback;
}

/** `const label = useLabel(); label(object.label, object.api_name)` — follows the language switch. */
export function useLabel(): (text: LocalizedText | undefined, fallback: string) => string {
  const { locale } = useLocale();
  return useCallback((text, fallback) => labelIn(text, locale, fallback), [locale]);
}
