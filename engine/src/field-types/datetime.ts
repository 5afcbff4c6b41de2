import type { FieldType } from './field-type.ts';

/**
 * RFC 3339 with an explicit offset or Z, seconds required, years 1000–2999. A value without an
 * offset is refused rather than guessed: the same wall-clock time means different instants in
 * Beijing and Berlin. The years stop at 2999 so any offset keeps the UTC instant a four-digit year.
 * `format: 'date-time'` adds the day-of-month check.
 */
export const DATETIME_PATTERN = '^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$';

/** The form `toISOString` writes (and the engine's read paths give: db/pg-types.ts), kept as it is. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function toIso(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return CANONICAL.test(value) ? value : new Date(value).toISOString();
  return null;
}

export const datetimeType: FieldType = {
  name: 'datetime',
  label: { en: 'Date/time', 'zh-CN': '日期时间' },
  settings: {},
  supportsUnique: false,
  supportsIndex: true,
  columns: (field) => [{ name: field.api_name, sqlType: 'timestamptz' }],
  valueSchema: () => ({ type: 'string', format: 'date-time', pattern: DATETIME_PATTERN }),
  // Stored and returned in UTC with milliseconds, whatever offset came in.
  toColumns: (value, field) => ({ [field.api_name]: toIso(value) }),
  fromColumns: (row, field) => toIso(row[field.api_name]),
  sortColumn: (field) => field.api_name,
  castFrom: {
    // Midnight UTC of that day, whatever the session's time zone.
    date: (column) => ({ using: `(${column}::timestamp at time zone 'UTC')` }),
  },
  samples: {
    good: [
      { input: '2026-03-01T09:30:00+08:00', output: '2026-03-01T01:30:00.000Z' },
      { input: '2026-03-01T01:30:00Z', output: '2026-03-01T01:30:00.000Z' },
      { input: '2026-03-01T01:30:00.123456Z', output: '2026-03-01T01:30:00.123Z' },
      { input: '2025-12-31T23:30:00-05:00', output: '2026-01-01T04:30:00.000Z' },
      { input: '2024-02-29T00:00:00.5+00:00', output: '2024-02-29T00:00:00.500Z' },
    ],
    bad: ['2026-03-01T09:30:00', '2026-03-01 09:30:00Z', '2026-03-01', '2025-02-30T00:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01T23:59:60Z', '2026-03-01T09:30Z', 1767225600000, ''],
  },
};
