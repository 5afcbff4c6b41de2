export { LOCALES, SYSTEM_FIELDS } from './types.ts';
export type { Locale, LocalizedText, OnDelete, PicklistValue, FieldDef, ObjectDef, TenantMetadata } from './types.ts';
