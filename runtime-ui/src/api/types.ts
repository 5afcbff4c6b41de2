/** The shapes the app reads from the engine (docs/http-api.md). */

export type Locale = 'en' | 'zh-CN';
export type LocalizedText = Partial<Record<Locale, string>>;

export interface PicklistValue {
  value: string;
  label: LocalizedText;
  color?: string;
  order?: number;
  active?: boolean;
}

export interface FieldDef {
  api_name: string;
  type: string;
  label: LocalizedText;
  required?: boolean;
  archived?: boolean;
  values?: PicklistValue[];
  target?: string;
}

/** An admin's list view: columns, default sort, a JSON-logic filter. */
export interface ListViewDef {
  api_name: string;
  label: LocalizedText;
  columns: string[];
  sort?: string;
  filter?: unknown;
  kanban?: { group_by: string; card_fields?: string[]; sum_field?: string };
}

export interface ObjectDef {
  api_name: string;
  label: LocalizedText;
  plural_label: LocalizedText;
  icon?: string;
  name_field: string;
  fields: FieldDef[];
  list_views?: ListViewDef[];
}

export interface Me {
  id: string;
  email: string;
  name: string | null;
  is_admin: boolean;
  locale: string;
  time_zone?: string;
  tenant: string;
}

export type ApiRecord = Record<string, unknown> & { id: string; version: number };

export interface RecordPage {
  items: ApiRecord[];
  next_cursor: string | null;
}

export interface FormLayoutField {
  field: string;
  read_only: boolean;
  required: boolean;
  visible_if?: unknown;
  required_if?: unknown;
}

export interface FormDefinition {
  object: string;
  mode: 'create' | 'update';
  schema: { type: 'object'; title: string; required: string[]; properties: Record<string, Record<string, unknown>> };
  uiSchema: Record<string, unknown>;
  layout: { api_name: string; label: string; sections: Array<{ label: string; columns: 1 | 2; fields: FormLayoutField[] }> };
}

export function label(text: LocalizedText | undefined, locale: string, fallback = ''): string {
  return text?.[locale as Locale] ?? text?.en ?? text?.['zh-CN'] ?? fallback;
}
