import type { CastFrom, FieldType } from './field-type.ts';
import { failingWhen, longerThan } from './cast-rules.ts';

const MAX = 254;

/**
 * The schema uses `format: 'email'` (ajv-formats, full mode). Casts from text check rows in SQL with
 * the same expression, case-insensitively, so a row that converts is one the API accepts.
 */
export const EMAIL_PATTERN = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.source;

const fromText: CastFrom = (column) => failingWhen([{ sql: `${column} !~* ?`, bindings: [EMAIL_PATTERN] }, longerThan(column, MAX)]);

export const emailType: FieldType = {
  name: 'email',
  label: { en: 'Email', 'zh-CN': '邮箱' },
  settings: {},
  supportsUnique: true,
  supportsIndex: true,
  searchable: true,
  columns: (field) => [{ name: field.api_name, sqlType: 'text' }],
  valueSchema: () => ({ type: 'string', format: 'email', maxLength: MAX }),
  // A blank string is refused, not stored as null: an address is either valid or absent (null). The trim
  // only matters to callers that skip the schema (imports coercing first); an address is kept as typed.
  toColumns: (value, field) => ({ [field.api_name]: typeof value === 'string' ? value.trim() : null }),
  fromColumns: (row, field) => row[field.api_name] ?? null,
  sortColumn: (field) => field.api_name,
  castFrom: { text: fromText, long_text: fromText },
  samples: {
    good: [{ input: 'li.lei@example.com' }, { input: 'Sales+CN@Acme.co.uk' }, { input: "o'brien@mail.example.org" }],
    bad: ['', 'plainaddress', 'a@b', '@example.com', 'a b@example.com', 'a@example..com', `${'a'.repeat(245)}@example.com`, 42, ['a@b.co']],
  },
};
