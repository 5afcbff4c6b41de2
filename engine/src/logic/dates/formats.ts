/**
 * The textual forms of dates in rules. JavaScript compares strings character by character, so a
 * date-time literal compared with a date-time field must be in the one form the API returns
 * (UTC, milliseconds, Z) for string order to be time order.
 */
const DATE = /^([1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const CANONICAL_ISO = /^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;
/** RFC 3339 with an explicit offset and at most millisecond precision: what date operations accept. */
const DATETIME = /^([1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,3})?(Z|([+-])([01][0-9]|2[0-3]):([0-5][0-9]))$/;
const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const DAY_MS = 86_400_000;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' of a real day → days since 1970-01-01; undefined otherwise. */
export function parseDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (d > daysInMonth(y, mo)) return undefined;
  return Date.UTC(y, mo - 1, d) / DAY_MS;
}

/** An RFC 3339 date-time with offset → epoch milliseconds; undefined otherwise. */
export function parseDatetime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATETIME.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (d > daysInMonth(y, mo)) return undefined;
  const ms = m[7] ? Number(m[7].slice(1).padEnd(3, '0')) : 0;
  const offset = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) * 60_000;
  return Date.UTC(y, mo - 1, d, Number(m[4]), Number(m[5]), Number(m[6]), ms) - offset;
}

export const isDateText = (value: unknown): value is string => parseDate(value) !== undefined;
export const isCanonicalDatetime = (value: unknown): value is string =>
  typeof value === 'string' && CANONICAL_ISO.test(value) && parseDatetime(value) !== undefined && new Date(value).toISOString() === value;
export const isLowerUuid = (value: unknown): value is string => typeof value === 'string' && LOWER_UUID.test(value);

export function formatDate(epochDay: number): string {
  const d = new Date(epochDay * DAY_MS);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export function formatDatetime(ms: number): string {
  return new Date(ms).toISOString();
}
