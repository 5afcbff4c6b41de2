import { AppError } from '../kernel/index.ts';
import type { SortKey } from './sort.ts';
import { sortSignature } from './sort.ts';

/**
 * The alias under which the list query also selects each sort key as PostgreSQL's own text. A cursor
 * keeps that text, not the JS value: a Date holds milliseconds while timestamptz holds microseconds, and
 * a cursor rounded to the millisecond repeats or skips rows that share it.
 */
export const cursorAlias = (index: number): string => `__cursor_${index}`;

/** An opaque cursor: the sort it belongs to and the last row's sort values (as selected under cursorAlias). */
export function encodeCursor(keys: SortKey[], row: Record<string, unknown>): string {
  const values = keys.map((key, index) => (key.timestamp ? row[cursorAlias(index)] : row[key.column]) ?? null);
  return Buffer.from(JSON.stringify({ s: sortSignature(keys), v: values })).toString('base64url');
}

export function decodeCursor(keys: SortKey[], cursor: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('invalid_cursor', 'The cursor is not one this API returned');
  }
  const body = parsed as { s?: unknown; v?: unknown };
  if (typeof body !== 'object' || body === null || body.s !== sortSignature(keys) || !Array.isArray(body.v) || body.v.length !== keys.length) {
    throw new AppError('invalid_cursor', 'The cursor does not belong to this sort; start again without a cursor');
  }
  if (body.v.some((v) => v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) throw new AppError('invalid_cursor', 'The cursor is damaged');
  return body.v as unknown[];
}
