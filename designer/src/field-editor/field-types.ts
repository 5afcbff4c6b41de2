/** What the designer knows of each field type (docs/field-types.md#summary), and the safe type changes (docs/metadata.md#safe-type-changes). */

export interface FieldTypeInfo {
  value: string;
  unique: boolean;
  indexed: boolean;
  searchable: boolean;
  /** Can be required / audited / have a default (computed and generated types cannot). */
  required: boolean;
  audited: boolean;
  defaultValue: boolean;
}

const t = (value: string, unique: boolean, indexed: boolean, searchable: boolean, input = true): FieldTypeInfo => ({
  value,
  unique,
  indexed,
  searchable,
  required: input,
  audited: input,
  defaultValue: input,
});

export const FIELD_TYPES: FieldTypeInfo[] = [
  t('text', true, true, true),
  t('long_text', false, false, true),
  t('rich_text', false, false, false),
  t('email', true, true, true),
  t('phone', true, true, true),
  t('url', true, true, true),
  t('integer', true, true, false),
  t('decimal', true, true, false),
  t('currency', false, true, false),
  t('percent', false, true, false),
  t('boolean', false, true, false),
  t('date', false, true, false),
  t('datetime', false, true, false),
  t('picklist', false, true, false),
  t('multi_picklist', false, false, false),
  t('lookup', true, false, false),
  t('user', false, true, false),
  { ...t('autonumber', true, true, true), defaultValue: false },
  t('json', false, false, false),
  { ...t('formula', false, false, false, false) },
  { ...t('rollup', false, true, false, false) },
];

export function typeInfo(type: string): FieldTypeInfo {
  return FIELD_TYPES.find((f) => f.value === type) ?? t(type, false, false, false);
}

/** target ← the types it converts from (the engine's `castFrom`), besides itself. */
const CASTS: Record<string, string[]> = {
  text: ['long_text', 'email', 'phone', 'url', 'picklist', 'autonumber', 'integer', 'decimal'],
  long_text: ['text', 'email', 'phone', 'url', 'picklist', 'autonumber', 'integer', 'decimal'],
  rich_text: ['text', 'long_text'],
  email: ['text', 'long_text'],
  phone: ['text', 'long_text'],
  url: ['text', 'long_text'],
  integer: ['decimal', 'percent', 'text', 'long_text'],
  decimal: ['integer', 'percent', 'text', 'long_text'],
  percent: ['decimal', 'integer', 'text', 'long_text'],
  boolean: ['integer'],
  date: ['text', 'datetime'],
  datetime: ['date'],
  picklist: ['text'],
  multi_picklist: ['picklist', 'text'],
  json: ['text', 'long_text', 'integer', 'decimal', 'boolean', 'picklist', 'multi_picklist'],
};

/** The types a field of type `from` may become: itself first, then every safe cast. */
export function safeTargets(from: string): string[] {
  return [from, ...Object.keys(CASTS).filter((to) => CASTS[to]?.includes(from))];
}

export const ROLLUP_SUMMABLE = new Set(['integer', 'decimal', 'percent', 'currency', 'rollup']);
export const ROLLUP_DATES = new Set(['date', 'datetime']);
