import type { CastFrom, FieldType } from './field-type.ts';
import { failingWhen, notMatching } from './cast-rules.ts';

/**
 * 'YYYY-MM-DD', years 1000–9999. The pattern fixes the shape; `format: 'date'` refuses days a month
 * does not have (2025-02-30). A cast from text checks both in SQL, the day against the month's last.
 */
export const DATE_PATTERN = '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

const fromText: CastFrom = (column) => {
  const firstOfMonth = `(substr(${column}, 1, 8) || '01')::date`;
  const lastDay = `extract(day from ${firstOfMonth} + interval '1 month' - interval '1 day')`;
  // The case guards the casts: PostgreSQL does not promise to evaluate `or` left to right.
  const noSuchDay = { sql: `case when ${column} ~ ? then substr(${column}, 9, 2)::int > ${lastDay} else false end`, bindings: [DATE_PATTERN] };
  return failingWhen([notMatching(column, DATE_PATTERN), noSuchDay], `${column}::date`);
};

/** A date-time becomes its UTC calendar day; rows with a time of day would lose it. */
const fromDatetime: CastFrom = (column) => ({ using: `(${column} at time zone 'UTC')::date`, failing: `(${column} at time zone 'UTC')::time <> time '00:00'` });

function toDateText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  // Only if a connection parses dates itself: its Date is local midnight of that day.
  if (value instanceof Date) return `${String(value.getFullYear()).padStart(4, '0')}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
  return null;
}

export const dateType: FieldType = {
  name: 'date',
  label: { en: 'Date', 'zh-CN': '日期' },
  settings: {},
  supportsUnique: false,
  supportsIndex: true,
  columns: (field) => [{ name: field.api_name, sqlType: 'date' }],
  valueSchema: () => ({ type: 'string', format: 'date', pattern: DATE_PATTERN }),
  toColumns: (value, field) => ({ [field.api_name]: value ?? null }),
  fromColumns: (row, field) => toDateText(row[field.api_name]),
  sortColumn: (field) => field.api_name,
  castFrom: { text: fromText, datetime: fromDatetime },
  samples: {
    good: [{ input: '2026-01-31' }, { input: '2024-02-29' }, { input: '1999-12-31' }],
    bad: ['2025-02-30', '2023-02-29', '2026-13-01', '2026-1-5', '26-01-05', '2026-01-05T00:00:00Z', '0999-01-01', '', 20260105],
  },
};
