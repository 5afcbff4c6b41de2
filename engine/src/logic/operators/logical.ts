import type { Operator, SqlCall, TypeCall } from '../operator.ts';
import type { LogicType, Rule, SqlExpr, SqlFragment } from '../types.ts';
import { truthy } from '../js-values.ts';
import { commonType } from '../check/type-rules.ts';
import { booleanValue, expr, join, literalExpr, truthyOf, wrap } from '../sql/convert.ts';
import { unify } from '../sql/unify.ts';

const notCondition = (call: SqlCall): SqlFragment => wrap(call.condition(0), (s) => `not coalesce(${s}, false)`);

/** `case when c1 then v1 … else last end` over fragments, bindings in order. */
function caseOf(branches: Array<[SqlFragment, SqlFragment]>, otherwise: SqlFragment): SqlFragment {
  if (branches.length === 0) return otherwise;
  const parts = branches.flatMap(([when, then]) => [when, then]);
  return join([...parts, otherwise], (sqls) => {
    const whens = branches.map((_, i) => `when ${sqls[2 * i]} then ${sqls[2 * i + 1]}`).join(' ');
    return `(case ${whens} else ${sqls[sqls.length - 1]} end)`;
  });
}

/** and/or as values: JavaScript returns the deciding operand itself, not a boolean. */
function shortCircuit(stopWhenTruthy: boolean) {
  return (call: SqlCall): SqlExpr => {
    const values = call.args.map((_, i) => call.value(i));
    if (values.length === 0) return literalExpr(null);
    if (values.every((v) => v.kind === 'boolean' && !v.nullable)) {
      return expr(`(${values.map((v) => v.sql).join(stopWhenTruthy ? ' or ' : ' and ')})`, values.flatMap((v) => v.bindings), 'boolean');
    }
    const { kind, nullable, items } = unify(values);
    const stops = values.slice(0, -1).map((v) => wrap(truthyOf(v), (s) => (stopWhenTruthy ? `coalesce(${s}, false)` : `not coalesce(${s}, false)`)));
    const result = caseOf(
      stops.map((stop, i) => [stop, items[i] as SqlFragment]),
      items[items.length - 1] as SqlFragment,
    );
    return expr(result.sql, result.bindings, kind, nullable);
  };
}

function connective(word: 'and' | 'or') {
  return (call: SqlCall): SqlFragment => {
    if (call.args.length === 0) return { sql: 'false', bindings: [] };
    return join(
      call.args.map((_, i) => call.condition(i)),
      (sqls) => `(${sqls.join(` ${word} `)})`,
    );
  };
}

function branchTypes(call: TypeCall): LogicType {
  const types = call.types.filter((_, i) => i % 2 === 1 || i === call.types.length - 1);
  return commonType(call.types.length % 2 === 0 ? [...types, 'null'] : types);
}

/** JSON-logic's if: condition, then, [condition, then, …], [else]; one argument is returned as is. */
function ifJs(args: readonly unknown[], evaluate: (rule: Rule) => unknown): unknown {
  let i = 0;
  for (; i < args.length - 1; i += 2) {
    if (truthy(evaluate(args[i] as Rule))) return evaluate(args[i + 1] as Rule);
  }
  return args.length === i + 1 ? evaluate(args[i] as Rule) : null;
}

function ifSql(asCondition: boolean) {
  return (call: SqlCall): SqlExpr => {
    const n = call.args.length;
    if (n === 0) return literalExpr(null);
    const get = (i: number) => call.value(i);
    if (n === 1) return asCondition ? booleanValue(call.condition(0)) : get(0);
    const thenIndexes = Array.from({ length: Math.floor(n / 2) }, (_, k) => 2 * k + 1);
    const elseIndex = n % 2 === 1 ? n - 1 : undefined;
    if (asCondition) {
      const branches = thenIndexes.map((t): [SqlFragment, SqlFragment] => [call.condition(t - 1), call.condition(t)]);
      const result = caseOf(branches, elseIndex === undefined ? { sql: 'false', bindings: [] } : call.condition(elseIndex));
      return expr(result.sql, result.bindings, 'boolean', true);
    }
    const values = [...thenIndexes.map(get), elseIndex === undefined ? literalExpr(null) : get(elseIndex)];
    const { kind, nullable, items } = unify(values);
    const branches = thenIndexes.map((t, k): [SqlFragment, SqlFragment] => [call.condition(t - 1), items[k] as SqlFragment]);
    const result = caseOf(branches, items[items.length - 1] as SqlFragment);
    return expr(result.sql, result.bindings, kind, nullable);
  };
}

function ifOperator(name: string): Operator {
  return {
    name,
    summary: name === 'if' ? 'if / then / else if / … / else' : 'ternary: condition ? then : else',
    arity: name === 'if' ? { min: 0 } : { min: 3, max: 3 },
    lazy: true,
    js: (args, env) => ifJs(args, (rule) => env.evaluate(rule)),
    type: branchTypes,
    sql: { value: ifSql(false), condition: ifSql(true) },
  };
}

/** and / or in JavaScript: arguments evaluated in turn, stopping at the first whose truthiness is `stop`; else the last. */
const stopAt =
  (stop: boolean): Operator['js'] =>
  (args, env) => {
    let current: unknown;
    for (const arg of args) {
      current = env.evaluate(arg as Rule);
      if (truthy(current) === stop) return current;
    }
    return current;
  };

export const logicalOperators: Operator[] = [
  {
    name: '!',
    summary: 'not (JSON-logic truthiness: [], "", 0 and null are falsy)',
    arity: { min: 1, max: 1 },
    js: ([a]) => !truthy(a),
    type: () => 'boolean',
    sql: { condition: notCondition, value: (call) => booleanValue(notCondition(call)) },
  },
  {
    name: '!!',
    summary: 'truthiness as true/false',
    arity: { min: 1, max: 1 },
    js: ([a]) => truthy(a),
    type: () => 'boolean',
    sql: { condition: (call) => call.condition(0), value: (call) => booleanValue(call.condition(0)) },
  },
  {
    name: 'and',
    summary: 'the first falsy argument, else the last',
    arity: { min: 1 },
    lazy: true,
    js: stopAt(false),
    type: (call) => commonType(call.types),
    sql: { value: shortCircuit(false), condition: connective('and') },
  },
  {
    name: 'or',
    summary: 'the first truthy argument, else the last',
    arity: { min: 1 },
    lazy: true,
    js: stopAt(true),
    type: (call) => commonType(call.types),
    sql: { value: shortCircuit(true), condition: connective('or') },
  },
  ifOperator('if'),
  ifOperator('?:'),
];
