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
  default?: JsonValue;
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
}

/** A tenant's whole metadata at one version. */
export interface TenantMetadata {
  version: number;
  objects: ObjectDef[];
}

/** The columns every object table has, owned by the engine. */
export const SYSTEM_FIELDS = ['id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'owner_id', 'version', 'deleted_at'] as const;
