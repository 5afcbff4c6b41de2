import type { Operator, SqlCall, TypeCall } from '../operator.ts';
import type { LogicType, SqlFragment } from '../types.ts';
import { comparisonProblem } from '../check/type-rules.ts';
import { booleanValue, join } from '../sql/convert.ts';
import { lessThan } from '../sql/compare.ts';

function orderType(call: TypeCall): LogicType {
  for (let i = 0; i + 1 < call.args.length; i++) {
    const problem = comparisonProblem(call.types[i] ?? 'any', call.types[i + 1] ?? 'any', call.args[i] ?? null, call.args[i + 1] ?? null, true);
    if (problem) call.error(problem);
  }
  return 'boolean';
}

/** `<` and `<=` take a third argument: {"<": [a, b, c]} is a < b < c (b strictly between). */
function between(orEqual: boolean) {
  return (call: SqlCall): SqlFragment => {
    const first = lessThan(call.value(0), call.value(1), orEqual);
    if (call.args.length < 3) return first;
    return join([first, lessThan(call.value(1), call.value(2), orEqual)], ([x, y]) => `(${x} and ${y})`);
  };
}

/** `>` and `>=` are `<` and `<=` with the arguments swapped, as JavaScript defines them. */
function swapped(orEqual: boolean) {
  return (call: SqlCall): SqlFragment => lessThan(call.value(1), call.value(0), orEqual);
}

// JavaScript's relational operators are the specification; the casts only satisfy TypeScript.
type Ordered = number;

export const relationalOperators: Operator[] = [
  {
    name: '<',
    summary: 'less than, JavaScript coercion (strings by character, else numbers); 3 arguments: strictly between',
    arity: { min: 2, max: 3 },
    js: ([a, b, c]) => (c === undefined ? (a as Ordered) < (b as Ordered) : (a as Ordered) < (b as Ordered) && (b as Ordered) < (c as Ordered)),
    type: orderType,
    sql: { condition: between(false), value: (call) => booleanValue(between(false)(call)) },
  },
  {
    name: '<=',
    summary: 'less than or equal; 3 arguments: between, inclusive',
    arity: { min: 2, max: 3 },
    js: ([a, b, c]) => (c === undefined ? (a as Ordered) <= (b as Ordered) : (a as Ordered) <= (b as Ordered) && (b as Ordered) <= (c as Ordered)),
    type: orderType,
    sql: { condition: between(true), value: (call) => booleanValue(between(true)(call)) },
  },
  {
    name: '>',
    summary: 'greater than',
    arity: { min: 2, max: 2 },
    js: ([a, b]) => (a as Ordered) > (b as Ordered),
    type: orderType,
    sql: { condition: swapped(false), value: (call) => booleanValue(swapped(false)(call)) },
  },
  {
    name: '>=',
    summary: 'greater than or equal',
    arity: { min: 2, max: 2 },
    js: ([a, b]) => (a as Ordered) >= (b as Ordered),
    type: orderType,
    sql: { condition: swapped(true), value: (call) => booleanValue(swapped(true)(call)) },
  },
];
