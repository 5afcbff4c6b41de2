/** The fields a view can name, as options in the admin's language: the object's active fields, then system fields. */
import type { FieldDef, ObjectDef } from '../api.ts';
import type { Locale } from '../../../runtime-ui/src/api/types.ts';
import { activeFields, SYSTEM_COLUMNS } from './view-draft.ts';

export interface ColumnOption {
  value: string;
  label: string;
}

export function columnLabel(object: ObjectDef, name: string, locale: Locale): string {
  const field = object.fields.find((f) => f.api_name === name);
  if (field) return field.label?.[locale] ?? field.label?.en ?? field.label?.['zh-CN'] ?? name;
  const system = SYSTEM_COLUMNS.find((s) => s.api_name === name);
  return system ? (locale === 'zh-CN' ? system.zh : system.en) : name;
}

/** Options for a Select: `fields` (default: every active field, then the system fields), labelled "Label (api_name)". */
export function columnOptions(object: ObjectDef, locale: Locale, fields?: FieldDef[]): ColumnOption[] {
  const names = fields ? fields.map((f) => f.api_name) : [...activeFields(object).map((f) => f.api_name), ...SYSTEM_COLUMNS.map((s) => s.api_name)];
  return names.map((name) => ({ value: name, label: `${columnLabel(object, name, locale)} (${name})` }));
}
