import type { FieldType } from './field-type.ts';

export const booleanType: FieldType = {
  name: 'boolean',
  label: { en: 'Checkbox', 'zh-CN': '复选框' },
  settings: {},
  supportsUnique: false,
  supportsIndex: true,
  columns: (field) => [{ name: field.api_name, sqlType: 'boolean' }],
  valueSchema: () => ({ type: 'boolean' }),
  toColumns: (value, field) => ({ [field.api_name]: value ?? null }),
  fromColumns: (row, field) => row[field.api_name] ?? null,
  sortColumn: (field) => field.api_name,
  castFrom: {
    // 0/1 flags from imported or hand-made integer columns; any other number has no obvious meaning.
    integer: (column) => ({ using: `${column} <> 0`, failing: `${column} not in (0, 1)` }),
  },
  samples: {
    good: [{ input: true }, { input: false }],
    bad: ['true', 0, 1, [], {}],
  },
};
