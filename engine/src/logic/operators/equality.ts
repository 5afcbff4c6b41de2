import type { Operator, SqlCall, TypeCall } from '../operator.ts';
import type { LogicType, SqlExpr, SqlFragment } from '../types.ts';
import { comparisonProblem } from '../check/type-rules.ts';
import { booleanValue, wrap } from '../sql/convert.ts';
import { looseEquals, strictEquals } from '../sql/compare.ts';

function equalityType(call: TypeCall): LogicType {
  const problem = comparisonProblem(call.types[0] ?? 'any', call.types[1] ?? 'any', call.args[0] ?? null, call.args[1] ?? null, false);
  if (problem) call.error(problem);
  return 'boolean';
}

function equality(name: string, summary: string, js: (a: unknown, b: unknown) => boolean, compare: (a: SqlExpr, b: SqlExpr) => SqlFragment, negate: boolean): Operator {
  const condition = (call: SqlCall): SqlFragment => {
    const equal = compare(call.value(0), call.value(1));
    return negate ? wrap(equal, (s) => `not coalesce(${s}, false)`) : equal;
  };
  return {
    name,
    summary,
    arity: { min: 2, max: 2 },
    js: (args) => js(args[0], args[1]),
    type: equalityType,
    sql: { condition, value: (call) => booleanValue(condition(call)) },
  };
}

// JavaScript's own == and === are the specification of JSON-logic's equality.
export const equalityOperators: Operator[] = [
  equality('==', 'equal after JavaScript coercion (1 == "1")', (a, b) => a == b, looseEquals, false),
  equality('===', 'equal and of the same type', (a, b) => a === b, strictEquals, false),
  equality('!=', 'not == ', (a, b) => a != b, looseEquals, true),
  equality('!==', 'not ===', (a, b) => a !== b, strictEquals, true),
];
