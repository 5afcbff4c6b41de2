import type { FieldType } from './field-type.ts';
import type { FieldDef } from '../metadata/index.ts';
import { picklistValueSchema, activeValues, checkPicklistValues } from './picklist-values.ts';

const values = (field: FieldDef) => (field.values ?? []).map((v) => v.value);
/** Rows whose text is not one of the target's values would not convert. */
const notAValue = (column: string, _from: FieldDef, to: FieldDef) => ({ failing: `not (${column} = any (?::text[]))`, bindings: [values(to)] });

export const picklistType: FieldType = {
  name: 'picklist',
  label: { en: 'Picklist', 'zh-CN': '单选列表' },
  settings: { values: { type: 'array', minItems: 1, maxItems: 1000, items: picklistValueSchema } },
  supportsUnique: false,
  supportsIndex: true,
  check: (field) => checkPicklistValues(field),
  columns: (field) => [{ name: field.api_name, sqlType: 'text' }],
  // Inactive values stay readable on old records but cannot be chosen again.
  valueSchema: (field) => ({ type: 'string', enum: activeValues(field) }),
  toColumns: (value, field) => ({ [field.api_name]: value }),
  fromColumns: (row, field) => row[field.api_name] ?? null,
  sortColumn: (field) => field.api_name,
  castFrom: {
    picklist: notAValue,
    text: notAValue,
  },
  samples: {
    field: {
      values: [
        { value: 'new', label: { en: 'New', 'zh-CN': '新建' }, color: '#1677ff' },
        { value: 'won', label: { en: 'Won', 'zh-CN': '赢单' }, color: '#52c41a' },
        { value: 'old', label: { en: 'Old' }, active: false },
      ],
    },
    good: [{ input: 'new' }, { input: 'won' }],
    bad: ['lost', 'old', 'NEW', 1, ['new'], ''],
  },
};
