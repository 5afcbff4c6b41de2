import { AppError, isUuid } from '../kernel/index.ts';

/**
 * Opaque cursors of lists ordered newest first by a timestamp and then id (field history, recycle bin).
 * The timestamp travels as PostgreSQL prints it in UTC with microseconds, so no row is skipped or repeated.
 */
export interface Keyset {
  at: string;
  id: string;
}

/** SQL printing a timestamptz column as a cursor key (the `at` of `Keyset`). */
export const keysetText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

/** The condition "after this cursor" for `order by <column> desc, id desc`, with its bindings. */
export const keysetAfter = (column: string, idColumn: string) => `(${column}, ${idColumn}) < ((?::timestamp at time zone 'UTC'), ?::uuid)`;

export function encodeKeyset(key: Keyset): string {
  return Buffer.from(JSON.stringify([key.at, key.id])).toString('base64url');
}

/** `YYYY-MM-DDTHH:MI:SS.US` naming a real instant (month 1–12, a day the month has, year 1 or later): PostgreSQL would refuse any other. */
function isTimestampText(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/.test(text) || text.startsWith('0000')) return false;
  const date = new Date(`${text.slice(0, 23)}Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 23) === text.slice(0, 23);
}

export function decodeKeyset(cursor: string): Keyset {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || !isTimestampText(parsed[0]) || typeof parsed[1] !== 'string' || !isUuid(parsed[1])) {
    throw new AppError('invalid_cursor', 'The cursor is not one this API returned', { errors: [{ field: 'cursor', message: 'is not a cursor of this list' }] });
  }
  return { at: parsed[0], id: parsed[1] };
}

/** `limit` of a page: 1 to `max`, `fallback` when absent. */
export function pageLimit(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw new AppError('invalid_parameter', `limit must be an integer from 1 to ${max}`, { errors: [{ field: 'limit', message: `must be from 1 to ${max}` }] });
  return value;
}
