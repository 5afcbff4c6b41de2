import type { CastFrom, FieldType } from './field-type.ts';
import type { FieldDef } from '../metadata/index.ts';
import type { FieldError } from '../kernel/index.ts';
import { failingWhen, notMatching, outOfRange } from './cast-rules.ts';
import { numberOrNull } from './numeric.ts';
import { sqlInt } from './sql-literal.ts';

/** A bigint column, but API values stay within what a JSON number carries exactly. */
const LIMIT = Number.MAX_SAFE_INTEGER;
const INTEGER_TEXT = '^\\s*[-+]?[0-9]{1,19}\\s*$';

const fromNumber: CastFrom = (column, _from, to) => {
  const range = outOfRange(column, to.min, to.max);
  return failingWhen([{ sql: `${column} <> trunc(${column})`, bindings: [] }, range], `${column}::bigint`);
};

const fromInteger: CastFrom = (column, _from, to) => failingWhen([outOfRange(column, to.min, to.max)]);

const fromText: CastFrom = (column, _from, to) => {
  const value = `${column}::numeric`;
  const range = outOfRange(value, to.min, to.max);
  // The case guards the cast: PostgreSQL does not promise to evaluate `or` left to right.
  const tooBig = { sql: `case when ${column} ~ ? then abs(${value}) > ${sqlInt(LIMIT)}${range ? ` or ${range.sql}` : ''} else false end`, bindings: [INTEGER_TEXT, ...(range?.bindings ?? [])] };
  return failingWhen([notMatching(column, INTEGER_TEXT), tooBig], `trim(${column})::bigint`);
};

function checkRange(field: FieldDef): FieldError[] {
  return field.min !== undefined && field.max !== undefined && field.min > field.max ? [{ field: 'min', message: 'must not exceed max' }] : [];
}

export const integerType: FieldType = {
  name: 'integer',
  label: { en: 'Integer', 'zh-CN': '整数' },
  settings: {
    min: { type: 'integer', minimum: -LIMIT, maximum: LIMIT },
    max: { type: 'integer', minimum: -LIMIT, maximum: LIMIT },
  },
  supportsUnique: true,
  supportsIndex: true,
  check: checkRange,
  columns: (field) => [{ name: field.api_name, sqlType: 'bigint' }],
  valueSchema: (field) => ({ type: 'integer', minimum: field.min ?? -LIMIT, maximum: field.max ?? LIMIT }),
  toColumns: (value, field) => ({ [field.api_name]: value ?? null }),
  fromColumns: (row, field) => numberOrNull(row[field.api_name]),
  sortColumn: (field) => field.api_name,
  castFrom: { integer: fromInteger, decimal: fromNumber, percent: fromNumber, text: fromText, long_text: fromText },
  samples: {
    field: { min: -1000000, max: 1000000 },
    good: [{ input: 0 }, { input: 42 }, { input: -7 }, { input: 1000000 }, { input: 3.0, output: 3 }],
    bad: [1.5, '42', true, 1000001, -1000001, [1]],
  },
};
