import type { CastFrom, FieldType } from './field-type.ts';
import type { FieldDef } from '../metadata/index.ts';
import { picklistValueSchema, activeValues, checkPicklistValues, orderedValues } from './picklist-values.ts';

const values = (field: FieldDef) => (field.values ?? []).map((v) => v.value);
/** One value becomes a one-item list; rows whose text is not a value of the target would not convert. */
const fromSingle: CastFrom = (column, _from, to) => ({
  using: `case when ${column} is null then null else array[${column}] end`,
  failing: `not (${column} = any (?::text[]))`,
  bindings: [values(to)],
});

/** Stored in display order, so equal selections are equal arrays whatever order they were picked in. */
function inDisplayOrder(selected: unknown[], field: FieldDef): string[] {
  return orderedValues(field)
    .map((v) => v.value)
    .filter((v) => selected.includes(v));
}

export const multiPicklistType: FieldType = {
  name: 'multi_picklist',
  label: { en: 'Multi-select picklist', 'zh-CN': '多选列表' },
  settings: { values: { type: 'array', minItems: 1, maxItems: 1000, items: picklistValueSchema } },
  supportsUnique: false,
  // Containment filters want a GIN index, which the engine's btree indexes are not.
  supportsIndex: false,
  check: (field) => checkPicklistValues(field),
  columns: (field) => [{ name: field.api_name, sqlType: 'text[]' }],
  // Inactive values stay readable on old records but cannot be chosen again.
  valueSchema: (field) => {
    const active = activeValues(field);
    return { type: 'array', uniqueItems: true, maxItems: active.length, items: { type: 'string', enum: active } };
  },
  // No selection is stored as no value.
  toColumns: (value, field) => ({ [field.api_name]: Array.isArray(value) && value.length > 0 ? inDisplayOrder(value, field) : null }),
  fromColumns: (row, field) => row[field.api_name] ?? null,
  sortColumn: () => null,
  castFrom: {
    multi_picklist: (column, _from, to) => ({ failing: `not (${column} <@ ?::text[])`, bindings: [values(to)] }),
    picklist: fromSingle,
    text: fromSingle,
  },
  samples: {
    field: {
      values: [
        { value: 'sms', label: { en: 'SMS', 'zh-CN': '短信' }, order: 2 },
        { value: 'email', label: { en: 'Email', 'zh-CN': '邮件' }, order: 1 },
        { value: 'phone', label: { en: 'Phone', 'zh-CN': '电话' }, order: 3 },
        { value: 'fax', label: { en: 'Fax' }, active: false, order: 4 },
      ],
    },
    good: [{ input: ['sms'] }, { input: ['sms', 'email'], output: ['email', 'sms'] }, { input: ['phone', 'sms', 'email'], output: ['email', 'sms', 'phone'] }, { input: [], output: null }],
    bad: ['sms', ['sms', 'sms'], ['fax'], ['SMS'], ['other'], [1], [null], { sms: true }],
  },
};
