import type { JsonPrimitive, JsonValue } from '../../kernel/index.ts';
import { GLOBAL_SCHEMA, quoteIdent } from '../../db/index.ts';
import type { SqlExpr, SqlFragment, SqlKind } from '../types.ts';

/**
 * Conversions between SQL kinds that reproduce JavaScript's coercions. Each takes a compiled value
 * and returns SQL of the target type; where a kind cannot say what JavaScript would, the value goes
 * through jsonb and a `tessera.jl_*` function (db/rule-functions.ts).
 */

/** A helper function of the global schema. */
export const jl = (name: string): string => `${quoteIdent(GLOBAL_SCHEMA)}.${quoteIdent(`jl_${name}`)}`;

export const FLOAT = 'double precision';
export const NAN = `'NaN'::${FLOAT}`;
export const SQL_TYPE: Record<SqlKind, string> = {
  boolean: 'boolean',
  float: FLOAT,
  numeric: 'numeric',
  text: 'text',
  date: 'date',
  timestamptz: 'timestamptz',
  uuid: 'uuid',
  'text[]': 'text[]',
  jsonb: 'jsonb',
  null: 'text',
};

export function frag(sql: string, bindings: unknown[] = []): SqlFragment {
  return { sql, bindings };
}

export function expr(sql: string, bindings: unknown[], kind: SqlKind, nullable = false): SqlExpr {
  return { sql, bindings, kind, nullable };
}

const MARK = '\u0000fragment\u0000';

/**
 * Wraps a fragment: `wrap(e, x => \`lower(${x})\`)`. Each use of the fragment in the result repeats
 * its bindings, in order, so `(${x} <> 0 and ${x} <> 'NaN')` stays correctly bound.
 */
export function wrap(e: SqlFragment, build: (sql: string) => string): SqlFragment {
  const parts = build(MARK).split(MARK);
  const bindings: unknown[] = [];
  for (let i = 1; i < parts.length; i++) bindings.push(...e.bindings);
  return { sql: parts.join(e.sql), bindings };
}

/** Joins fragments into one, bindings in order. */
export function join(parts: SqlFragment[], build: (sqls: string[]) => string): SqlFragment {
  return { sql: build(parts.map((p) => p.sql)), bindings: parts.flatMap((p) => p.bindings) };
}

export const TRUE: SqlFragment = frag('true');
export const FALSE: SqlFragment = frag('false');

export function literalExpr(value: JsonPrimitive): SqlExpr {
  const literal = { value };
  if (value === null) return { ...expr('null', [], 'null', true), literal };
  if (typeof value === 'boolean') return { ...expr('?::boolean', [value], 'boolean'), literal };
  if (typeof value === 'number') return { ...expr(`?::${FLOAT}`, [value], 'float'), literal };
  return { ...expr('?::text', [value], 'text'), literal };
}

export function jsonLiteral(value: JsonValue): SqlExpr {
  return expr('?::jsonb', [JSON.stringify(value)], 'jsonb');
}

/** JavaScript's type of a kind's values (besides null); 'dynamic' for jsonb. */
export function jsType(kind: SqlKind): 'number' | 'string' | 'boolean' | 'array' | 'null' | 'dynamic' {
  switch (kind) {
    case 'float':
    case 'numeric':
      return 'number';
    case 'text':
    case 'date':
    case 'timestamptz':
    case 'uuid':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'text[]':
      return 'array';
    case 'null':
      return 'null';
    default:
      return 'dynamic';
  }
}

const dateText = (sql: string) => `to_char(${sql}, 'YYYY-MM-DD')`;
const isoText = (sql: string) => `to_char((${sql}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The value as JavaScript holds it, for string kinds: the text (SQL NULL for null). */
export function stringOf(e: SqlExpr): SqlFragment {
  switch (e.kind) {
    case 'text':
      return e;
    case 'date':
      return wrap(e, dateText);
    case 'timestamptz':
      return wrap(e, isoText);
    case 'uuid':
      return wrap(e, (s) => `(${s})::text`);
    case 'jsonb':
      return wrap(e, (s) => `(case when jsonb_typeof(${s}) = 'string' then (${s}) #>> '{}' end)`);
    default:
      return frag('null::text');
  }
}

export function toFloat(e: SqlExpr): SqlFragment {
  return e.kind === 'numeric' ? wrap(e, (s) => `(${s})::${FLOAT}`) : e;
}

/** The exact JavaScript value as jsonb (SQL NULL for null). NaN and ±Infinity become strings, as JSON has no such numbers. */
export function toJsonb(e: SqlExpr): SqlFragment {
  switch (e.kind) {
    case 'jsonb':
      return e;
    case 'null':
      return frag(`'null'::jsonb`);
    case 'numeric':
      return wrap(e, (s) => `to_jsonb((${s})::${FLOAT})`);
    case 'date':
    case 'timestamptz':
    case 'uuid':
      return wrap(stringOf(e), (s) => `to_jsonb(${s})`);
    default:
      return wrap(e, (s) => `to_jsonb(${s})`);
  }
}

/** JavaScript String(value). */
export function toText(e: SqlExpr): SqlFragment {
  switch (e.kind) {
    case 'jsonb':
      return wrap(e, (s) => `${jl('to_text')}(${s})`);
    case 'null':
      return frag(`'null'::text`);
    case 'boolean':
      return wrap(e, (s) => `(case when ${s} then 'true' when not ${s} then 'false' else 'null' end)`);
    case 'float':
    case 'numeric':
      return wrap(toFloat(e), (s) => `coalesce(${jl('num_text')}(${s}), 'null')`);
    case 'text[]':
      return wrap(e, (s) => `coalesce(array_to_string(${s}, ',', ''), 'null')`);
    default:
      return wrap(stringOf(e), (s) => `coalesce(${s}, 'null')`);
  }
}

/** An item of Array.prototype.join (`cat`): like String(), but null is ''. */
export function catItem(e: SqlExpr): SqlFragment {
  if (e.kind === 'jsonb') return wrap(e, (s) => `${jl('cat_item')}(${s})`);
  if (e.kind === 'null') return frag(`''::text`);
  if (!e.nullable) return toText(e);
  return join([frag(''), e, toText(e)], ([, v, t]) => `(case when ${v} is null then '' else ${t} end)`);
}

/** JavaScript Number(value), as a double precision that is never NULL (null is 0). */
export function toNumber(e: SqlExpr): SqlFragment {
  switch (e.kind) {
    case 'float':
      return e.nullable ? wrap(e, (s) => `coalesce(${s}, 0)`) : e;
    case 'numeric':
      return wrap(e, (s) => `coalesce((${s})::${FLOAT}, 0)`);
    case 'boolean':
      return wrap(e, (s) => `(case when ${s} then 1 else 0 end)::${FLOAT}`);
    case 'text':
      return wrap(e, (s) => `coalesce(${jl('str_to_number')}(${s}), 0)`);
    case 'date':
    case 'timestamptz':
    case 'uuid':
      return wrap(e, (s) => `(case when ${s} is null then 0 else ${NAN} end)`);
    case 'text[]':
      return wrap(e, (s) => `coalesce(${jl('str_to_number')}(array_to_string(${s}, ',', '')), 0)`);
    case 'jsonb':
      return wrap(e, (s) => `${jl('to_number')}(${s})`);
    default:
      return frag(`0::${FLOAT}`);
  }
}

/** JavaScript parseFloat(value): NaN for null and for anything that does not start like a number. */
export function parseFloatOf(e: SqlExpr): SqlFragment {
  if (e.kind === 'float' || e.kind === 'numeric') return e.nullable ? wrap(toFloat(e), (s) => `coalesce(${s}, ${NAN})`) : toFloat(e);
  if (e.kind === 'jsonb') return wrap(e, (s) => `${jl('parse_float_json')}(${s})`);
  return wrap(toText(e), (s) => `${jl('parse_float')}(${s})`);
}

/** JSON-logic truthiness as an SQL condition; NULL may stand for false. */
export function truthyOf(e: SqlExpr): SqlFragment {
  switch (e.kind) {
    case 'boolean':
      return e;
    case 'float':
      return wrap(e, (s) => `(${s} <> 0 and ${s} <> ${NAN})`);
    case 'numeric':
      return wrap(e, (s) => `(${s} <> 0)`);
    case 'text':
      return wrap(e, (s) => `(${s} <> '')`);
    case 'text[]':
      return wrap(e, (s) => `(cardinality(${s}) > 0)`);
    case 'jsonb':
      return wrap(e, (s) => `${jl('truthy')}(${s})`);
    case 'null':
      return FALSE;
    default:
      return wrap(e, (s) => `(${s} is not null)`);
  }
}

/** A condition as a value: true or false, never NULL. */
export function booleanValue(condition: SqlFragment): SqlExpr {
  return expr(`coalesce(${condition.sql}, false)`, condition.bindings, 'boolean');
}

/** Is the value JavaScript null? */
export function isNullOf(e: SqlExpr): SqlFragment {
  if (e.kind === 'null') return TRUE;
  if (e.kind === 'jsonb') return wrap(e, (s) => `coalesce(jsonb_typeof(${s}), 'null') = 'null'`);
  if (!e.nullable) return FALSE;
  return wrap(e, (s) => `(${s} is null)`);
}
