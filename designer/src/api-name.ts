/** API names as the engine takes them (engine/src/metadata/names.ts, docs/metadata.md#api-names). */

export const API_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * An API name made from a label: Latin letters lose their accents (Café → cafe), anything else becomes
 * `_`. Chinese has no such transliteration here, so a Chinese-only label gives '' and the admin types the name.
 */
export function deriveApiName(label: string): string {
  const ascii = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .toLowerCase();
  let name = ascii.replace(/[^a-z0-9]+/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (name && !/^[a-z]/.test(name)) name = `n_${name}`;
  return name.slice(0, 63).replace(/_+$/, '');
}

/** What is wrong with a name by the engine's syntax rule, as a key of the `objects` texts (`t('objects:' + key)`), or undefined. Reserved words are asked of the engine (a plan). */
export type ApiNameProblem = 'nameEmpty' | 'nameSyntax' | 'nameUnderscores';

export function apiNameProblemKey(name: string): ApiNameProblem | undefined {
  if (!name) return 'nameEmpty';
  if (!API_NAME.test(name)) return 'nameSyntax';
  if (name.includes('__') || name.endsWith('_')) return 'nameUnderscores';
  return undefined;
}

const ENGLISH: Record<ApiNameProblem, string> = {
  nameEmpty: 'Type an API name (lower-case letters, digits and _)',
  nameSyntax: 'Must start with a lower-case letter, then lower-case letters, digits or _ (at most 63)',
  nameUnderscores: 'Must not contain __ or end with _',
};

/** The same in English words (prefer `apiNameProblemKey` and the translated text). */
export function apiNameProblem(name: string): string | undefined {
  const key = apiNameProblemKey(name);
  return key && ENGLISH[key];
}
