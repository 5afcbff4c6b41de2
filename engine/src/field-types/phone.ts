import type { CastFrom, FieldType } from './field-type.ts';
import { failingWhen, longerThan, notMatching } from './cast-rules.ts';

/**
 * Digits with the usual separators, an optional leading +, and an optional extension ("ext 12", "x12").
 * Numbers are kept as typed: formatting differs by country and users recognise their own.
 * The same expression checks rows in SQL when text is converted to phone.
 */
export const PHONE_PATTERN = '^\\+?[0-9(][0-9 ().-]*[0-9]( ?(ext\\.?|x) ?[0-9]{1,8})?$';
const MIN = 3;
const MAX = 40;

const fromText: CastFrom = (column) => failingWhen([notMatching(column, PHONE_PATTERN), { sql: `length(${column}) < ${MIN}`, bindings: [] }, longerThan(column, MAX)]);

export const phoneType: FieldType = {
  name: 'phone',
  label: { en: 'Phone', 'zh-CN': '电话' },
  settings: {},
  supportsUnique: true,
  supportsIndex: true,
  searchable: true,
  columns: (field) => [{ name: field.api_name, sqlType: 'text' }],
  valueSchema: () => ({ type: 'string', pattern: PHONE_PATTERN, minLength: MIN, maxLength: MAX }),
  toColumns: (value, field) => ({ [field.api_name]: value ?? null }),
  fromColumns: (row, field) => row[field.api_name] ?? null,
  sortColumn: (field) => field.api_name,
  castFrom: { text: fromText, long_text: fromText },
  samples: {
    good: [{ input: '+86 138 0013 8000' }, { input: '(010) 6552-9988' }, { input: '+1 (415) 555-2671 ext 204' }, { input: '415.555.2671 x12' }, { input: '110' }],
    bad: ['', '12', 'abc', '+', '1-800-FLOWERS', '123;456', '+86 138 0013 8000 ext', '1'.repeat(41), 13800138000],
  },
};
