/** A record's value as the preview table shows it: picklist labels, money with its currency, names of expanded lookups and users. */
import type { FieldDef, ObjectDef } from '../api.ts';
import type { Locale } from '../../../runtime-ui/src/api/types.ts';

type Picklist = Array<{ value: string; label?: Partial<Record<Locale, string>> }>;

export function previewValue(value: unknown, field: FieldDef | undefined, objects: ObjectDef[], locale: Locale): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (field && (field.type === 'picklist' || field.type === 'multi_picklist')) {
    const values = (field.values as Picklist | undefined) ?? [];
    const labelOf = (v: unknown) => {
      const entry = values.find((p) => p.value === v);
      return entry?.label?.[locale] ?? entry?.label?.en ?? String(v);
    };
    return Array.isArray(value) ? value.map(labelOf).join(', ') : labelOf(value);
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('amount' in v && 'currency' in v) return v.amount === null ? '' : `${String(v.amount)} ${String(v.currency)}`;
    if ('id' in v) {
      const target = field?.type === 'lookup' ? objects.find((o) => o.api_name === field.target) : undefined;
      const name = v[target?.name_field ?? 'name'] ?? v.name;
      return typeof name === 'string' ? name : String(v.id);
    }
    return JSON.stringify(value);
  }
  return String(value);
}
