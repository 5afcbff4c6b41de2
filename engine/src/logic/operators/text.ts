import type { Operator, SqlCall, TypeCall } from '../operator.ts';
import type { LogicType, SqlExpr, SqlFragment } from '../types.ts';
import { expectTypes } from '../check/type-rules.ts';
import { FALSE, FLOAT, booleanValue, expr, join, jsType, stringOf, wrap } from '../sql/convert.ts';

/**
 * Text operations for admins. contains / starts_with / ends_with ignore case (lower-casing both
 * sides) and are false unless both arguments are text; lower and upper give null for non-text;
 * length counts characters (code points) of a text or elements of a list; is_empty is true for
 * null, "" and [].
 */

const STRINGY: LogicType[] = ['string', 'date', 'datetime'];

function textArgs(call: TypeCall, allowed: LogicType[] = STRINGY): void {
  call.types.forEach((type, i) => {
    const problem = expectTypes(type, allowed, `argument ${i + 1}`);
    if (problem) call.error(problem, i);
  });
}

type Match = 'contains' | 'starts_with' | 'ends_with';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const PATTERN: Record<Match, (t: string) => string> = {
  contains: (t) => `%${escapeLike(t)}%`,
  starts_with: (t) => `${escapeLike(t)}%`,
  ends_with: (t) => `%${escapeLike(t)}`,
};

function matchJs(kind: Match, a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return kind === 'contains' ? x.includes(y) : kind === 'starts_with' ? x.startsWith(y) : x.endsWith(y);
}

function matchSql(kind: Match) {
  return (call: SqlCall): SqlFragment => {
    const [a, b] = [call.value(0), call.value(1)];
    if (!isText(a) || !isText(b)) return FALSE;
    const [x, y] = [stringOf(a), stringOf(b)];
    const literal = b.literal?.value;
    // A written-out needle becomes an ILIKE pattern, which a trigram index can serve.
    if (typeof literal === 'string') return { sql: `(${x.sql}) ilike ?`, bindings: [...x.bindings, PATTERN[kind](literal)] };
    if (kind === 'contains') return join([x, y], ([h, n]) => `(strpos(lower(${h}), lower(${n})) > 0)`);
    if (kind === 'starts_with') return join([x, y], ([h, n]) => `starts_with(lower(${h}), lower(${n}))`);
    return join([x, y, y], ([h, n, n2]) => `(right(lower(${h}), char_length(lower(${n}))) = lower(${n2}))`);
  };
}

const isText = (e: SqlExpr) => jsType(e.kind) === 'string' || e.kind === 'jsonb';

function match(kind: Match, summary: string): Operator {
  return {
    name: kind,
    summary,
    arity: { min: 2, max: 2 },
    js: ([a, b]) => matchJs(kind, a, b),
    type: (call) => {
      textArgs(call);
      return 'boolean';
    },
    sql: { condition: matchSql(kind), value: (call) => booleanValue(matchSql(kind)(call)) },
  };
}

function caseOperator(name: 'lower' | 'upper'): Operator {
  return {
    name,
    summary: `the text in ${name} case (null for anything else)`,
    arity: { min: 1, max: 1 },
    js: ([a]) => (typeof a === 'string' ? (name === 'lower' ? a.toLowerCase() : a.toUpperCase()) : null),
    type: (call) => {
      textArgs(call);
      return 'string';
    },
    sql: {
      value: (call) => {
        const text = stringOf(call.value(0));
        return expr(`${name}(${text.sql})`, text.bindings, 'text', true);
      },
    },
  };
}

function lengthSql(call: SqlCall): SqlExpr {
  const e = call.value(0);
  let result: SqlFragment;
  if (jsType(e.kind) === 'string') result = wrap(stringOf(e), (s) => `coalesce(char_length(${s}), 0)`);
  else if (e.kind === 'text[]') result = wrap(e, (s) => `coalesce(cardinality(${s}), 0)`);
  else if (e.kind === 'jsonb') result = join([e, e, e], ([a, b, c]) => `(case jsonb_typeof(${a}) when 'string' then char_length(${b} #>> '{}') when 'array' then jsonb_array_length(${c}) else 0 end)`);
  else result = { sql: '0', bindings: [] };
  return expr(`(${result.sql})::${FLOAT}`, result.bindings, 'float');
}

function isEmptySql(call: SqlCall): SqlFragment {
  const e = call.value(0);
  if (e.kind === 'null') return { sql: 'true', bindings: [] };
  if (e.kind === 'jsonb') return wrap(e, (s) => `(coalesce(${s}, 'null'::jsonb) in ('null'::jsonb, '""'::jsonb, '[]'::jsonb))`);
  if (e.kind === 'text[]') return wrap(e, (s) => `(coalesce(cardinality(${s}), 0) = 0)`);
  if (jsType(e.kind) === 'string') return wrap(stringOf(e), (s) => `coalesce(${s} = '', true)`);
  return e.nullable ? wrap(e, (s) => `(${s} is null)`) : FALSE;
}

export const textOperators: Operator[] = [
  match('contains', 'the first text contains the second, ignoring case'),
  match('starts_with', 'the first text starts with the second, ignoring case'),
  match('ends_with', 'the first text ends with the second, ignoring case'),
  caseOperator('lower'),
  caseOperator('upper'),
  {
    name: 'length',
    summary: 'characters in a text, elements in a list (0 for null)',
    arity: { min: 1, max: 1 },
    js: ([a]) => (typeof a === 'string' ? [...a].length : Array.isArray(a) ? a.length : 0),
    type: (call) => {
      textArgs(call, ['string', 'array']);
      return 'number';
    },
    sql: { value: lengthSql },
  },
  {
    name: 'is_empty',
    summary: 'null, "" or an empty list',
    arity: { min: 1, max: 1 },
    js: ([a]) => a === null || a === undefined || a === '' || (Array.isArray(a) && a.length === 0),
    type: () => 'boolean',
    sql: { condition: isEmptySql, value: (call) => booleanValue(isEmptySql(call)) },
  },
];
