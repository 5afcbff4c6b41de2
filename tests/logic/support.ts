import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonValue } from '../../engine/src/kernel/index.ts';
import type { Knex } from '../../engine/src/db/index.ts';

export interface ConformanceCase {
  index: number;
  section: string;
  rule: JsonValue;
  data: JsonValue;
  expected: JsonValue;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The official JsonLogic suite, kept in shared/ beside the repository. */
export const CONFORMANCE_FILE = path.resolve(here, '../../../shared/conformance/jsonlogic-tests.json');

export function conformanceCases(): ConformanceCase[] {
  const raw = JSON.parse(fs.readFileSync(CONFORMANCE_FILE, 'utf8')) as Array<string | [JsonValue, JsonValue, JsonValue]>;
  const cases: ConformanceCase[] = [];
  let section = '';
  for (const entry of raw) {
    if (typeof entry === 'string') section = entry;
    else cases.push({ index: cases.length, section, rule: entry[0], data: entry[1], expected: entry[2] });
  }
  return cases;
}

/** Runs compiled SQL (bindings are unknown[] in the logic stage's fragments). */
export async function rows<T>(knex: Knex, sql: string, bindings: unknown[] = []): Promise<T[]> {
  const result = await knex.raw<{ rows: T[] }>(sql, bindings as Knex.RawBinding[]);
  return result.rows;
}

/** A JSON value as SQL's jsonb can carry it: NaN and ±Infinity as strings, -0 as 0, undefined as null. */
export function comparable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) || !Number.isFinite(value) ? String(value) : value === 0 ? 0 : value;
  if (Array.isArray(value)) return value.map(comparable);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  return value;
}
