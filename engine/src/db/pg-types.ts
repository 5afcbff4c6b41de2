import pg from 'pg';

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

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
