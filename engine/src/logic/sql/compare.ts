import type { JsonPrimitive } from '../../kernel/index.ts';
import type { SqlExpr, SqlFragment } from '../types.ts';
import { isCanonicalDatetime, isDateText, isLowerUuid } from '../dates/formats.ts';
import { FALSE, FLOAT, NAN, frag, isNullOf, jl, join, jsType, stringOf, toFloat, toJsonb, toNumber, wrap } from './convert.ts';

/**
 * Comparisons with JavaScript's meaning. A column compared with a literal compiles to a plain,
 * index-friendly predicate (`"status" = ?`, `"amount" < ?`), with what JavaScript does for null
 * (it is 0 in `<`) decided at compile time; anything else goes through the jl_* functions.
 */

type Literal = Exclude<JsonPrimitive, null>;
const literalOf = (e: SqlExpr): Literal | undefined => (e.literal && e.literal.value !== null ? e.literal.value : undefined);
/** JavaScript types that make ==, < and friends compare numbers. */
const NUMERIC_SIDE = new Set(['number', 'boolean', 'null']);
const isTypedValue = (e: SqlExpr) => e.literal === undefined && e.kind !== 'jsonb' && e.kind !== 'text[]' && e.kind !== 'null';

/** Binds a literal with the column's type, so the comparison uses the column's index. */
function columnVsValue(e: SqlExpr, op: string, value: unknown, cast = ''): SqlFragment {
  return { sql: `${e.sql} ${op} ?${cast}`, bindings: [...e.bindings, value] };
}

/** `col = literal` for a typed column; undefined when only the generic path knows. */
function equalsLiteral(e: SqlExpr, value: Literal, strict: boolean): SqlFragment | undefined {
  const type = jsType(e.kind);
  if (strict && typeof value !== type) return FALSE;
  if (type === 'number') {
    const n = Number(value);
    if (Number.isNaN(n)) return FALSE;
    if (e.kind === 'float') return columnVsValue(e, '=', n, `::${FLOAT}`);
    if (e.integer && !Number.isInteger(n)) return FALSE;
    return Math.abs(n) <= Number.MAX_SAFE_INTEGER ? columnVsValue(e, '=', n) : columnVsValue(e, '=', n, '::numeric');
  }
  if (e.kind === 'boolean') {
    if (typeof value === 'boolean') return columnVsValue(e, '=', value);
    const n = Number(value);
    return n === 1 || n === 0 ? columnVsValue(e, '=', n === 1) : FALSE;
  }
  if (e.kind === 'text') {
    if (typeof value === 'string') return columnVsValue(e, '=', value);
    return { sql: `${jl('num_eq')}(${jl('str_to_number')}(${e.sql}), ?::${FLOAT})`, bindings: [...e.bindings, Number(value)] };
  }
  // date, timestamptz and uuid values are strings in one exact form, none of which is a number.
  if (e.kind === 'date') return isDateText(value) ? columnVsValue(e, '=', value, '::date') : FALSE;
  if (e.kind === 'timestamptz') return isCanonicalDatetime(value) ? columnVsValue(e, '=', value, '::timestamptz') : FALSE;
  if (e.kind === 'uuid') return isLowerUuid(value) ? columnVsValue(e, '=', value, '::uuid') : FALSE;
  return undefined;
}

/** Two values of the same JavaScript type (number, string or boolean), either possibly null. */
function sameTypeEquals(a: SqlExpr, b: SqlExpr): SqlFragment {
  const op = a.nullable || b.nullable ? 'is not distinct from' : '=';
  if (jsType(a.kind) === 'number') {
    if (a.kind === 'numeric' && b.kind === 'numeric') return join([a, b], ([x, y]) => `(${x} ${op} ${y})`);
    return join([toFloat(a), toFloat(b), toFloat(a)], ([x, y, x2]) => `(${x} ${op} ${y} and ${x2} is distinct from ${NAN})`);
  }
  if (a.kind === b.kind) return join([a, b], ([x, y]) => `(${x} ${op} ${y})`);
  return join([stringOf(a), stringOf(b)], ([x, y]) => `(${x} ${op} ${y})`);
}

function generic(name: 'loose_eq' | 'strict_eq', a: SqlExpr, b: SqlExpr): SqlFragment {
  return join([toJsonb(a), toJsonb(b)], ([x, y]) => `${jl(name)}(${x}, ${y})`);
}

function equality(a: SqlExpr, b: SqlExpr, strict: boolean): SqlFragment {
  if (a.kind === 'null') return isNullOf(b);
  if (b.kind === 'null') return isNullOf(a);
  const la = literalOf(a);
  const lb = literalOf(b);
  const fast = lb !== undefined && isTypedValue(a) ? equalsLiteral(a, lb, strict) : la !== undefined && isTypedValue(b) ? equalsLiteral(b, la, strict) : undefined;
  if (fast) return fast;
  const [ta, tb] = [jsType(a.kind), jsType(b.kind)];
  if (ta === tb && ta !== 'dynamic' && ta !== 'array') return sameTypeEquals(a, b);
  if (strict && ta !== 'dynamic' && tb !== 'dynamic') return join([isNullOf(a), isNullOf(b)], ([x, y]) => `(${x} and ${y})`);
  // A number (or a boolean, which == turns into one) meets anything else as Number(other); NaN never equals.
  // Computed here rather than in jsonb, where NaN would have to become a string.
  if (!strict && (NUMERIC_SIDE.has(ta) || NUMERIC_SIDE.has(tb))) {
    return join([isNullOf(a), isNullOf(b), isNullOf(a), isNullOf(b), toNumber(a), toNumber(b)], ([na, nb, na2, nb2, x, y]) => `((${na} and ${nb}) or (not ${na2} and not ${nb2} and ${jl('num_eq')}(${x}, ${y})))`);
  }
  if (strict && (ta === 'number' || tb === 'number')) {
    const [num, other] = ta === 'number' ? [a, b] : [b, a];
    return join([isNullOf(num), isNullOf(other), other, toFloat(num), other], ([nn, no, o, x, o2]) => `((${nn} and ${no}) or (jsonb_typeof(${o}) = 'number' and ${jl('num_eq')}(${x}, ${jl('to_number')}(${o2}))))`);
  }
  return generic(strict ? 'strict_eq' : 'loose_eq', a, b);
}

/** JavaScript a == b. */
export const looseEquals = (a: SqlExpr, b: SqlExpr): SqlFragment => equality(a, b, false);
/** JavaScript a === b. */
export const strictEquals = (a: SqlExpr, b: SqlExpr): SqlFragment => equality(a, b, true);

const holds = (x: number, y: number, orEqual: boolean) => (orEqual ? x <= y : x < y);

/** `col op literal` (or `literal op col` when the literal is on the left), JavaScript's way. */
function relationLiteral(e: SqlExpr, value: Literal, orEqual: boolean, literalOnRight: boolean): SqlFragment | undefined {
  const op = literalOnRight ? (orEqual ? '<=' : '<') : orEqual ? '>=' : '>';
  const type = jsType(e.kind);
  const n = Number(value);
  const nullHolds = e.nullable && !Number.isNaN(n) && (literalOnRight ? holds(0, n, orEqual) : holds(n, 0, orEqual));
  const orNull = (cmp: SqlFragment): SqlFragment => (nullHolds ? { sql: `(${cmp.sql} or ${e.sql} is null)`, bindings: [...cmp.bindings, ...e.bindings] } : cmp);
  if (type === 'number') {
    if (Number.isNaN(n)) return FALSE;
    if (e.kind === 'float') return orNull({ sql: `(${e.sql} ${op} ?::${FLOAT} and ${e.sql} <> ${NAN})`, bindings: [...e.bindings, n, ...e.bindings] });
    // An integer column compared with a fraction: round the bound so the index still applies.
    const bound = e.integer && !Number.isInteger(n) ? (op === '<' || op === '>=' ? Math.ceil(n) : Math.floor(n)) : n;
    return orNull(columnVsValue(e, op, bound, Math.abs(bound) <= Number.MAX_SAFE_INTEGER ? '' : '::numeric'));
  }
  if (type !== 'string') return undefined;
  if (typeof value !== 'string') {
    // A date, date-time or uuid string is NaN as a number: only a null field (0) can hold.
    if (e.kind === 'text') return undefined;
    return nullHolds ? wrap(e, (s) => `(${s} is null)`) : FALSE;
  }
  // Two strings compare character by character; a null field is 0 against Number(literal).
  if (e.kind === 'date' && isDateText(value)) return orNull(columnVsValue(e, op, value, '::date'));
  if (e.kind === 'timestamptz' && isCanonicalDatetime(value)) return orNull(columnVsValue(e, op, value, '::timestamptz'));
  const text = stringOf(e);
  return orNull({ sql: `(${text.sql}) collate "C" ${op} ?`, bindings: [...text.bindings, value] });
}

/** JavaScript a < b (or a <= b). */
export function lessThan(a: SqlExpr, b: SqlExpr, orEqual: boolean): SqlFragment {
  const la = literalOf(a);
  const lb = literalOf(b);
  const fast = lb !== undefined && isTypedValue(a) ? relationLiteral(a, lb, orEqual, true) : la !== undefined && isTypedValue(b) ? relationLiteral(b, la, orEqual, false) : undefined;
  if (fast) return fast;
  const op = orEqual ? '<=' : '<';
  // Unless both sides are strings (arrays become strings too), JavaScript compares numbers.
  if (NUMERIC_SIDE.has(jsType(a.kind)) || NUMERIC_SIDE.has(jsType(b.kind))) {
    return join([toNumber(a), toNumber(b), toNumber(a), toNumber(b)], ([x, y, x2, y2]) => `(${x} ${op} ${y} and ${x2} <> ${NAN} and ${y2} <> ${NAN})`);
  }
  // Dates and date-times in their one form compare as time; null against them is never true, except null <= null.
  if (a.kind === b.kind && (a.kind === 'date' || a.kind === 'timestamptz')) {
    const both = orEqual && a.nullable && b.nullable ? join([a, b], ([x, y]) => ` or (${x} is null and ${y} is null)`) : frag('');
    return join([a, b, both], ([x, y, z]) => `(${x} ${op} ${y}${z})`);
  }
  return join([toJsonb(a), toJsonb(b)], ([x, y]) => `${jl('compare')}(${x}, ${y}, ${orEqual ? 'true' : 'false'})`);
}
