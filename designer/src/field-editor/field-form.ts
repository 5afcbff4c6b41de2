/**
 * The field editor's form values ↔ a field definition (docs/metadata.md#field-definition). The form holds
 * every setting of every type; a definition gets only what applies to its type, so a type change leaves
 * nothing behind, and an edit sends only the properties that changed (`null` removes one).
 */
import type { FieldDef, LocalizedText, Rule } from '../api.ts';
import { typeInfo } from './field-types.ts';

export interface PicklistRow {
  value?: string;
  en?: string;
  zh?: string;
  color?: string;
  active?: boolean;
  /** Added in this editor: saved with the palette colour it shows until one is picked. */
  isNew?: boolean;
}

export type DefaultMode = 'none' | 'value' | 'rule';

export interface FieldForm {
  type: string;
  en?: string;
  zh?: string;
  api_name: string;
  description?: string;
  help_en?: string;
  help_zh?: string;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  audited?: boolean;
  searchable?: boolean;
  max_length?: number | null;
  precision?: number | null;
  scale?: number | null;
  min?: number | null;
  max?: number | null;
  currencies?: string[];
  default_currency?: string;
  values?: PicklistRow[];
  target?: string;
  on_delete?: string;
  pattern?: string;
  start?: number | null;
  return_type?: string;
  expression?: string;
  child_object?: string;
  via?: string;
  function?: string;
  rollup_field?: string;
  rollup_return?: string;
  filter?: Rule;
  default_mode?: DefaultMode;
  default?: unknown;
  default_rule?: Rule;
}

const PALETTE = ['#1677ff', '#52c41a', '#faad14', '#ff4d4f', '#722ed1', '#13c2c2', '#eb2f96', '#8c8c8c'];

/** The colour a picklist value gets until the admin picks one: shown in the swatch and saved as shown. */
export const paletteColor = (i: number): string => PALETTE[i % PALETTE.length] as string;

export function localized(en?: string, zh?: string): LocalizedText | undefined {
  const text = { ...(en?.trim() ? { en: en.trim() } : {}), ...(zh?.trim() ? { 'zh-CN': zh.trim() } : {}) };
  return Object.keys(text).length ? text : undefined;
}

const num = (v: number | null | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

function put(def: Record<string, unknown>, key: string, value: unknown) {
  if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) def[key] = value;
}

/** Picklist rows → values: order is the position, new rows keep the colour they showed. */
function picklistValues(rows: PicklistRow[] | undefined): unknown[] {
  return (rows ?? []).map((row, i) => {
    const value: Record<string, unknown> = { value: row.value ?? '', label: localized(row.en, row.zh) ?? { en: row.value ?? '' } };
    const color = row.color ?? (row.isNew ? paletteColor(i) : undefined);
    if (color) value.color = color;
    value.order = i;
    if (row.active === false) value.active = false;
    return value;
  });
}

/** The form's values → a field definition; only what applies to the type. */
export function fieldDefinition(v: FieldForm): Record<string, unknown> {
  const def: Record<string, unknown> = { api_name: v.api_name, type: v.type };
  const info = typeInfo(v.type);
  put(def, 'label', localized(v.en, v.zh));
  put(def, 'description', v.description?.trim());
  put(def, 'help_text', localized(v.help_en, v.help_zh));
  if (info.required && v.required) def.required = true;
  if (info.audited && v.audited) def.audited = true;
  if (info.unique && v.unique) def.unique = true;
  if (info.indexed && v.indexed) def.indexed = true;
  if (info.searchable && v.searchable) def.searchable = true;
  switch (v.type) {
    case 'text':
    case 'long_text':
    case 'rich_text':
      put(def, 'max_length', num(v.max_length));
      break;
    case 'integer':
      put(def, 'min', num(v.min));
      put(def, 'max', num(v.max));
      break;
    case 'decimal':
    case 'percent':
    case 'currency':
      put(def, 'precision', num(v.precision));
      put(def, 'scale', num(v.scale));
      put(def, 'min', num(v.min));
      put(def, 'max', num(v.max));
      if (v.type === 'currency') {
        put(def, 'currencies', v.currencies);
        put(def, 'default_currency', v.default_currency?.trim().toUpperCase());
      }
      break;
    case 'picklist':
    case 'multi_picklist':
      def.values = picklistValues(v.values);
      break;
    case 'lookup':
      put(def, 'target', v.target);
      put(def, 'on_delete', v.on_delete);
      break;
    case 'autonumber':
      put(def, 'pattern', v.pattern?.trim());
      put(def, 'start', num(v.start));
      break;
    case 'formula':
      def.return_type = v.return_type ?? 'number';
      def.expression = v.expression ? (JSON.parse(v.expression) as unknown) : undefined;
      if (v.return_type === 'number' || v.return_type === undefined) put(def, 'scale', num(v.scale));
      break;
    case 'rollup': {
      put(def, 'child_object', v.child_object);
      put(def, 'via', v.via);
      def.function = v.function ?? 'count';
      if (v.function !== 'count') {
        put(def, 'field', v.rollup_field);
        put(def, 'return_type', v.rollup_return && v.rollup_return !== 'number' ? v.rollup_return : undefined);
        if (!v.rollup_return || v.rollup_return === 'number') put(def, 'scale', num(v.scale));
      }
      if (v.filter !== undefined) def.filter = v.filter;
      break;
    }
  }
  if (info.defaultValue && v.default_mode === 'value' && v.default !== undefined && v.default !== null && v.default !== '') def.default = v.default;
  if (info.defaultValue && v.default_mode === 'rule' && v.default_rule !== undefined) def.default_rule = v.default_rule;
  return def;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** A stored field → the form's values (the inverse of `fieldDefinition`). */
export function formOfField(f: FieldDef): FieldForm {
  const help = f.help_text as LocalizedText | undefined;
  const values = (f.values as Array<{ value: string; label?: LocalizedText; color?: string; active?: boolean; order?: number }> | undefined) ?? [];
  const sorted = values.map((v, i) => ({ v, i, order: v.order ?? i })).sort((a, b) => a.order - b.order || a.i - b.i);
  const isRollup = f.type === 'rollup';
  return {
    type: f.type,
    api_name: f.api_name,
    en: f.label?.en,
    zh: f.label?.['zh-CN'],
    description: str(f.description),
    help_en: help?.en,
    help_zh: help?.['zh-CN'],
    required: f.required === true,
    unique: f.unique === true,
    indexed: f.indexed === true,
    audited: f.audited === true,
    searchable: f.searchable === true,
    max_length: int(f.max_length),
    precision: int(f.precision),
    scale: int(f.scale),
    min: int(f.min),
    max: int(f.max),
    currencies: f.currencies as string[] | undefined,
    default_currency: str(f.default_currency),
    values: sorted.map(({ v }) => ({ value: v.value, en: v.label?.en, zh: v.label?.['zh-CN'], color: v.color, active: v.active !== false })),
    target: str(f.target),
    on_delete: str(f.on_delete),
    pattern: str(f.pattern),
    start: int(f.start),
    return_type: isRollup ? undefined : str(f.return_type),
    expression: f.expression === undefined ? undefined : JSON.stringify(f.expression, null, 2),
    child_object: str(f.child_object),
    via: str(f.via),
    function: str(f.function),
    rollup_field: isRollup ? str(f.field) : undefined,
    rollup_return: isRollup ? (str(f.return_type) ?? 'number') : undefined,
    filter: f.filter as Rule,
    default_mode: f.default_rule !== undefined ? 'rule' : f.default !== undefined ? 'value' : 'none',
    default: f.default,
    default_rule: f.default_rule as Rule,
  };
}

/** JSON with sorted keys, so two definitions compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

const FLAGS = new Set(['required', 'unique', 'indexed', 'audited', 'searchable']);

/** Values as they behave: a flag set to false is one left out; picklist order defaults to the position, active to true. */
function behaviour(key: string, value: unknown): unknown {
  if (FLAGS.has(key) && value === false) return undefined;
  if (key !== 'values' || !Array.isArray(value)) return value;
  return (value as Array<Record<string, unknown>>).map((v, i) => ({ ...v, order: v.order ?? i, active: v.active ?? true }));
}

/** The properties that differ between the stored field and the edited definition: PATCH …/fields/:field. */
export function fieldPatch(before: FieldDef, after: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === 'api_name' || key === 'archived') continue;
    if (canonical(behaviour(key, before[key])) === canonical(behaviour(key, after[key]))) continue;
    if (key === 'label' && after.label === undefined) continue; // a field always has a label: emptying both keeps it
    patch[key] = after[key] ?? null;
  }
  return patch;
}
