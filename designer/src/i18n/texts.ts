/**
 * The designer's interface text, one area (namespace) per file: `texts(en, zh)` pairs the English
 * strings with their Chinese ones, and TypeScript refuses a Chinese table missing a key of the English.
 * Interpolation is i18next's: 'Archive {{name}}?'.
 */
export interface AreaTexts<K extends string = string> {
  en: Record<K, string>;
  'zh-CN': Record<K, string>;
}

export function texts<T extends Record<string, string>>(en: T, zh: Record<keyof T, string>): AreaTexts<Extract<keyof T, string>> {
  return { en, 'zh-CN': zh };
}
