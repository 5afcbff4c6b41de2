import type { CastFrom, FieldType } from './field-type.ts';

/** Any column PostgreSQL can describe as JSON keeps its values: text as strings, numbers as numbers, lists as arrays. */
const toJson: CastFrom = (column) => ({ using: `to_jsonb(${column})` });

export const jsonType: FieldType = {
  name: 'json',
  label: { en: 'JSON', 'zh-CN': 'JSON' },
  settings: {},
  supportsUnique: false,
  supportsIndex: false,
  columns: (field) => [{ name: field.api_name, sqlType: 'jsonb' }],
  // Any JSON value but null, which is the field having no value (stored as SQL null, not JSON null).
  valueSchema: () => ({ type: ['object', 'array', 'string', 'number', 'boolean'] }),
  // Sent as JSON text: the driver would turn a JS array into a PostgreSQL array literal and pass a string unquoted.
  toColumns: (value, field) => ({ [field.api_name]: value === null || value === undefined ? null : JSON.stringify(value) }),
  fromColumns: (row, field) => row[field.api_name] ?? null,
  sortColumn: () => null,
  castFrom: { text: toJson, long_text: toJson, integer: toJson, decimal: toJson, boolean: toJson, picklist: toJson, multi_picklist: toJson },
  samples: {
    good: [
      { input: { plan: 'pro', seats: 12, tags: ['a', 'b'], nested: { ok: true, none: null } } },
      { input: [1, 'two', 3.5, false] },
      { input: 'just a string' },
      { input: 0 },
      { input: false },
      { input: { 中文: '值', emoji: '🙂' } },
    ],
    bad: [],
  },
};
