import type { JsonValue } from '../kernel/index.ts';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** A label in each supported language; at least one is present. */
export type LocalizedText = Partial<Record<Locale, string>>;

export type OnDelete = 'restrict' | 'set_null' | 'cascade';

export interface PicklistValue {
  value: string;
  label: LocalizedText;
  color?: string;
  order?: number;
  active?: boolean;
}

/**
 * A field as stored in metadata. The common properties are typed here; the settings a field
 * type adds (precision, values, target, pattern…) sit beside them and are described by that
 * type's `settings` schemas.
 */
export interface FieldDef {
  api_name: string;
  type: string;
  label: LocalizedText;
  description?: string;
  help_text?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  audited?: boolean;
  /** Full-text search covers the field (types that allow it; default per type, docs/search.md). */
  searchable?: boolean;
  default?: JsonValue;
  /** A JSON-logic rule computing the value at create when the input leaves the field absent (docs/validation-rules.md). */
  default_rule?: JsonValue;
  archived?: boolean;
  // Type settings (each type declares which of these it accepts).
  max_length?: number;
  min?: number;
  max?: number;
  precision?: number;
  scale?: number;
  values?: PicklistValue[];
  target?: string;
  on_delete?: OnDelete;
  pattern?: string;
  start?: number;
  currencies?: string[];
  default_currency?: string;
  /** formula: the JSON-logic rule computing the value, and the type of that value (docs/field-types.md). */
  expression?: JsonValue;
  return_type?: 'number' | 'text' | 'boolean' | 'date' | 'datetime';
  /** rollup: `function` of the child object's `field` over its lookup `via` to this object, children matching `filter` (docs/field-types.md). */
  child_object?: string;
  via?: string;
  function?: RollupFunction;
  field?: string;
  filter?: JsonValue;
}

export type RollupFunction = 'count' | 'sum' | 'min' | 'max';

/** One field placed on a layout; the rules are JSON-logic over the record being edited. */
export interface LayoutField {
  field: string;
  read_only?: boolean;
  required?: boolean;
  visible_if?: JsonValue;
  required_if?: JsonValue;
}

export interface LayoutSection {
  label: LocalizedText;
  columns?: 1 | 2;
  fields: LayoutField[];
}

/** A record page / form layout: sections of fields, optionally for some roles only. */
export interface LayoutDef {
  api_name: string;
  label: LocalizedText;
  sections: LayoutSection[];
  roles?: string[];
}

/** A board of cards grouped by a picklist field (opportunities by stage, tickets by status). */
export interface KanbanSettings {
  group_by: string;
  card_fields?: string[];
  /** A number or currency field summed per column. */
  sum_field?: string;
}

/**
 * A list view defined by an admin for everyone who may read the object: the columns shown, a default
 * sort and a JSON-logic filter (which may use current_user: "my open leads"), optionally a kanban board.
 */
export interface ListViewDef {
  api_name: string;
  label: LocalizedText;
  columns: string[];
  sort?: string;
  filter?: JsonValue;
  kanban?: KanbanSettings;
}

/**
 * A validation rule: its condition describes the ERROR (true → the save is refused with the message),
 * as Salesforce's do. Checked when the object is saved; run by the save pipeline (records/).
 */
export interface ValidationRule {
  api_name: string;
  condition: JsonValue;
  message: LocalizedText;
  /** The field the error belongs to; the record as a whole when absent. */
  field?: string;
  active: boolean;
  description?: string;
}

export interface ObjectDef {
  api_name: string;
  label: LocalizedText;
  plural_label: LocalizedText;
  description?: string;
  icon?: string;
  name_field: string;
  archived?: boolean;
  fields: FieldDef[];
  layouts?: LayoutDef[];
  list_views?: ListViewDef[];
  validation_rules?: ValidationRule[];
}

/** A tenant's whole metadata at one version. */
export interface TenantMetadata {
  version: number;
  objects: ObjectDef[];
}

/** The columns every object table has, owned by the engine. */
export const SYSTEM_FIELDS = ['id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'owner_id', 'version', 'deleted_at'] as const;
