import type { FieldError, JsonSchema } from '../kernel/index.ts';
import type { FieldDef } from '../metadata/index.ts';

/** The JSON Schema of one picklist value, shared by picklist and multi-picklist. */
export const picklistValueSchema: JsonSchema = {
  type: 'object',
  required: ['value', 'label'],
  additionalProperties: false,
  properties: {
    value: { type: 'string', pattern: '^[A-Za-z0-9_\\-. ]{1,100}$' },
    label: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { en: { type: 'string', minLength: 1, maxLength: 255 }, 'zh-CN': { type: 'string', minLength: 1, maxLength: 255 } },
    },
    color: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
    order: { type: 'integer', minimum: 0, maximum: 100000 },
    active: { type: 'boolean' },
  },
};

/** Values in display order (by `order`, then as listed). */
export function orderedValues(field: FieldDef) {
  return (field.values ?? [])
    .map((value, index) => ({ value, index }))
    .sort((a, b) => (a.value.order ?? a.index) - (b.value.order ?? b.index) || a.index - b.index)
    .map((entry) => entry.value);
}

export function activeValues(field: FieldDef): string[] {
  return orderedValues(field)
    .filter((v) => v.active !== false)
    .map((v) => v.value);
}

export function checkPicklistValues(field: FieldDef): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  (field.values ?? []).forEach((v, i) => {
    if (seen.has(v.value)) errors.push({ field: `values.${i}.value`, message: `"${v.value}" is listed twice` });
    seen.add(v.value);
  });
  if (activeValues(field).length === 0) errors.push({ field: 'values', message: 'at least one value must be active' });
  return errors;
}
