import pg from 'pg';

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMPTZ = 1184;

/**
 * Type parsers for this engine's connections (not the process-wide defaults):
 * int8 as a JS number (counts and integer fields stay within 2^53 by schema),
 * numeric as its exact string (field types decide), date as its 'YYYY-MM-DD' text.
 */
export const engineTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === NUMERIC) return (value: string) => value;
    if (oid === DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
} as const;

const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ, 'text') as (value: string) => unknown;
const SPACE = 32;
const DOT = 46;
const PLUS = 43;
const ZERO = 48;

/**
 * A timestamptz as the API writes it, `2026-11-24T11:32:02.409Z` — the same text `Date#toISOString`
 * gives (the fraction cut to milliseconds, as a Date holds it). When the session shows UTC, PostgreSQL
 * sends `2026-11-24 11:32:02.409123+00` (the fraction optional, 1–6 digits): that is rearranged as text,
 * on the request path, with no Date and no regular expression; any other form (another offset, a year
 * past 9999, BC, infinity) goes through the Date.
 */
export function timestamptzIso(text: string): string {
  const n = text.length;
  if (n >= 22 && n <= 29 && text.charCodeAt(10) === SPACE && text.charCodeAt(n - 3) === PLUS && text.charCodeAt(n - 2) === ZERO && text.charCodeAt(n - 1) === ZERO) {
    const day = text.slice(0, 10);
    const time = text.slice(11, 19);
    if (n === 22) return `${day}T${time}.000Z`;
    if (text.charCodeAt(19) === DOT && n >= 24) {
      const fraction = text.slice(20, Math.min(23, n - 3));
      return `${day}T${time}.${fraction.length === 3 ? fraction : fraction.padEnd(3, '0')}Z`;
    }
  }
  const date: unknown = parseTimestamptz(text);
  // infinity, or an instant a Date cannot hold: PostgreSQL's own text rather than an exception.
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : text;
}

/** engineTypes, with timestamptz read as ISO text: for statements whose rows become API answers (shape.ts). */
export const isoTimestampTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ && format !== 'binary') return timestamptzIso;
    return engineTypes.getTypeParser(oid, format);
  },
} as const;
