import type { JsonPrimitive } from '../../kernel/index.ts';
import type { Operator, SqlCall, TypeCall } from '../operator.ts';
import type { LogicType, SqlExpr, SqlFragment } from '../types.ts';
import { comparisonProblem, expectTypes, literalOf, typeOfLiteral } from '../check/type-rules.ts';
import { isCanonicalDatetime, isDateText, isLowerUuid } from '../dates/formats.ts';
import { isLiteral } from '../rule-shape.ts';
import { FALSE, booleanValue, catItem, expr, jl, join, jsType, stringOf, toJsonb, toNumber, toText } from '../sql/convert.ts';

/** json-logic-js's substr: String.prototype.substr, with a negative length counting back from the end. */
function substr(source: unknown, start: unknown, end: unknown): string {
  const text = String(source);
  if ((end as number) < 0) {
    const rest = text.substr(start as number);
    return rest.substr(0, rest.length + (end as number));
  }
  return text.substr(start as number, end as number);
}

/** `in`: a substring of a non-empty string, or an element (===) of an array. */
function inJs(a: unknown, b: unknown): boolean {
  if (typeof b === 'string') return b !== '' && b.indexOf(String(a)) !== -1;
  if (Array.isArray(b)) return b.indexOf(a) !== -1;
  return false;
}

/** Elements of a literal list that a column's values could be (===), with the SQL array type to bind them as. */
function listMembers(e: SqlExpr, list: JsonPrimitive[]): { values: unknown[]; type: string } | undefined {
  const strings = list.filter((v): v is string => typeof v === 'string');
  switch (e.kind) {
    case 'text':
      return { values: strings, type: 'text[]' };
    case 'date':
      return { values: strings.filter(isDateText), type: 'date[]' };
    case 'timestamptz':
      return { values: strings.filter(isCanonicalDatetime), type: 'timestamptz[]' };
    case 'uuid':
      return { values: strings.filter(isLowerUuid), type: 'uuid[]' };
    case 'boolean':
      return { values: list.filter((v) => typeof v === 'boolean'), type: 'boolean[]' };
    case 'numeric':
    case 'float': {
      const numbers = list.filter((v): v is number => typeof v === 'number');
      if (e.kind === 'float') return { values: numbers, type: 'double precision[]' };
      return e.integer ? { values: numbers.filter((n) => Number.isSafeInteger(n)), type: 'bigint[]' } : { values: numbers, type: 'numeric[]' };
    }
    default:
      return undefined;
  }
}

function inCondition(call: SqlCall): SqlFragment {
  const a = call.value(0);
  const rawList = call.args[1];
  const typed = a.literal === undefined && a.kind !== 'jsonb' && a.kind !== 'text[]' && a.kind !== 'null';
  if (typed && Array.isArray(rawList) && rawList.every((v) => literalOf(v) !== undefined)) {
    const list = rawList as JsonPrimitive[];
    const members = listMembers(a, list);
    if (members) {
      const found = members.values.length > 0 ? { sql: `${a.sql} = any(?::${members.type})`, bindings: [...a.bindings, members.values] } : FALSE;
      return list.includes(null) && a.nullable ? join([found, a], ([f, s]) => `(${f} or ${s} is null)`) : found;
    }
  }
  const b = call.value(1);
  const bType = jsType(b.kind);
  if (bType === 'string') {
    const haystack = stringOf(b);
    return join([haystack, haystack, toText(a)], ([h, h2, needle]) => `(${h} <> '' and strpos(${h2}, ${needle}) > 0)`);
  }
  if (b.kind === 'text[]' && jsType(a.kind) !== 'dynamic') {
    if (jsType(a.kind) !== 'string') return FALSE;
    return join([stringOf(a), b], ([needle, list]) => `(${needle} = any(${list}))`);
  }
  if (bType !== 'dynamic' && bType !== 'array') return FALSE;
  return join([toJsonb(a), toJsonb(b)], ([x, y]) => `${jl('in')}(${x}, ${y})`);
}

function inType(call: TypeCall): LogicType {
  const [a = 'any', b = 'any'] = call.types;
  const problem = expectTypes(b, ['string', 'array'], 'the second argument');
  if (problem) call.error(problem, 1);
  const list = call.args[1];
  if (Array.isArray(list) && isLiteral(list)) {
    for (const item of list) {
      const itemProblem = comparisonProblem(a, typeOfLiteral(item), call.args[0] ?? null, item, false);
      if (itemProblem) {
        call.error(`the list holds ${JSON.stringify(item)}: ${itemProblem}`, 1);
        break;
      }
    }
  }
  return 'boolean';
}

function substrSql(call: SqlCall): SqlExpr {
  const positions = call.args.slice(1).map((_, k) => call.value(k + 1));
  positions.forEach((p, k) => {
    if (jsType(p.kind) !== 'number') call.fail('substr positions must be numbers to run in the database', k + 1);
  });
  const [start, length] = positions.map(toNumber) as [SqlFragment, SqlFragment | undefined];
  const text = toText(call.value(0));
  const result = join([text, start, length ?? { sql: 'null', bindings: [] }], ([s, st, len]) => `${jl('substr')}(${s}, ${st}, ${len})`);
  return expr(result.sql, result.bindings, 'text');
}

export const stringOperators: Operator[] = [
  {
    name: 'in',
    summary: 'a substring of a text, or an element of a list',
    arity: { min: 2, max: 2 },
    js: ([a, b]) => inJs(a, b),
    type: inType,
    sql: { condition: inCondition, value: (call) => booleanValue(inCondition(call)) },
  },
  {
    name: 'cat',
    summary: 'the arguments joined as text (null is empty)',
    arity: { min: 0 },
    js: (args) => args.map((v) => (v === null || v === undefined ? '' : String(v))).join(''),
    type: () => 'string',
    sql: {
      value: (call) => {
        if (call.args.length === 0) return expr(`''::text`, [], 'text');
        const joined = join(
          call.args.map((_, i) => catItem(call.value(i))),
          (s) => `(${s.join(' || ')})`,
        );
        return expr(joined.sql, joined.bindings, 'text');
      },
    },
  },
  {
    name: 'substr',
    summary: 'part of a text: start (negative: from the end), optional length (negative: stop that far from the end)',
    arity: { min: 2, max: 3 },
    js: ([source, start, end]) => substr(source, start, end),
    type: (call) => {
      call.types.slice(1).forEach((t, k) => {
        const problem = expectTypes(t, ['number'], k === 0 ? 'the start' : 'the length');
        if (problem) call.error(problem, k + 1);
      });
      return 'string';
    },
    sql: { value: substrSql },
  },
];
