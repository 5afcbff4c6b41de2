import type { JsEnv, Operator, SqlCall, TypeCall, TypeScope } from '../operator.ts';
import type { LogicType, Rule, SqlExpr, SqlFragment } from '../types.ts';
import { truthy } from '../js-values.ts';
import { expectTypes } from '../check/type-rules.ts';
import { operationOf } from '../rule-shape.ts';
import { FALSE, TRUE, expr, jl, join, toJsonb } from '../sql/convert.ts';
import { elementSqlScope, elementTypeScope } from '../scopes/element-scope.ts';

/**
 * Operations over lists. The second argument is a rule applied to each element, with the element as
 * its data ({"var": ""} is the element itself). A value that is not a list is treated as an empty list.
 */

const elementsOf = (rule: Rule, env: JsEnv): unknown[] => {
  const list = env.evaluate(rule);
  return Array.isArray(list) ? list : [];
};

function filterJs(args: readonly unknown[], env: JsEnv): unknown[] {
  return elementsOf(args[0] as Rule, env).filter((item) => truthy(env.evaluate(args[1] as Rule, item)));
}

/** The element type of the list argument, for checking the rule applied to each element. */
function elementType(call: TypeCall): LogicType {
  const listType = call.types[0] ?? 'any';
  const problem = expectTypes(listType, ['array'], 'the first argument');
  if (problem) call.error(problem, 0);
  const list = operationOf(call.args[0]);
  if (list?.op === 'var' && typeof list.args[0] === 'string') return call.scope.resolveVar(list.args[0])?.element ?? 'any';
  return 'any';
}

function scopedType(result: (inner: LogicType) => LogicType) {
  return (call: TypeCall): LogicType => {
    const element = elementType(call);
    const scope: TypeScope = call.scope.dynamic && element === 'any' ? { ...call.scope, needsSql: false } : elementTypeScope(element);
    return result(call.args.length > 1 ? call.inferIn(1, scope) : 'null');
  };
}

/** `from <elements of the list> as alias(v, o)`; undefined when the value is not a list. */
function elements(call: SqlCall): { from: SqlFragment; alias: string; kind: 'jsonb' | 'text' } | undefined {
  const list = call.value(0);
  const alias = call.alias();
  if (list.kind === 'jsonb') {
    return { from: { sql: `jsonb_array_elements(case when jsonb_typeof(${list.sql}) = 'array' then ${list.sql} else '[]'::jsonb end) with ordinality as ${alias}(v, o)`, bindings: [...list.bindings, ...list.bindings] }, alias, kind: 'jsonb' };
  }
  if (list.kind === 'text[]') return { from: { sql: `unnest(${list.sql}) with ordinality as ${alias}(v, o)`, bindings: list.bindings }, alias, kind: 'text' };
  return undefined;
}

function predicate(call: SqlCall, alias: string, kind: 'jsonb' | 'text'): SqlFragment {
  return call.args.length > 1 ? call.conditionIn(1, elementSqlScope(alias, kind)) : FALSE;
}

function exists(call: SqlCall, negateInner: boolean): SqlFragment | undefined {
  const source = elements(call);
  if (!source) return undefined;
  const test = predicate(call, source.alias, source.kind);
  const where = negateInner ? `not coalesce(${test.sql}, false)` : test.sql;
  return { sql: `exists (select 1 from ${source.from.sql} where ${where})`, bindings: [...source.from.bindings, ...test.bindings] };
}

const booleanExpr = (f: SqlFragment): SqlExpr => expr(f.sql, f.bindings, 'boolean');

function someSql(call: SqlCall): SqlFragment {
  return exists(call, false) ?? FALSE;
}
function noneSql(call: SqlCall): SqlFragment {
  const found = exists(call, false);
  return found ? { sql: `not ${found.sql}`, bindings: found.bindings } : TRUE;
}
/** JSON-logic's all is false for an empty list. */
function allSql(call: SqlCall): SqlFragment {
  const source = elements(call);
  const counter = exists(call, true);
  if (!source || !counter) return FALSE;
  return { sql: `(exists (select 1 from ${source.from.sql}) and not ${counter.sql})`, bindings: [...source.from.bindings, ...counter.bindings] };
}

function collect(call: SqlCall, keep: boolean): SqlExpr {
  const source = elements(call);
  if (!source) return expr(`'[]'::jsonb`, [], 'jsonb');
  const scope = elementSqlScope(source.alias, source.kind);
  const item = keep ? toJsonb(expr(`${source.alias}.v`, [], source.kind, true)) : toJsonb(call.args.length > 1 ? call.valueIn(1, scope) : expr('null', [], 'null', true));
  const where = keep ? predicate(call, source.alias, source.kind) : TRUE;
  return expr(
    `coalesce((select jsonb_agg(${item.sql} order by ${source.alias}.o) from ${source.from.sql} where ${where.sql}), '[]'::jsonb)`,
    [...item.bindings, ...source.from.bindings, ...where.bindings],
    'jsonb',
  );
}

function reduceType(call: TypeCall): LogicType {
  const element = elementType(call);
  const initial = call.types[2] ?? 'null';
  const scope: TypeScope = {
    resolveVar: (path) => {
      if (path === 'current') return { type: element };
      if (path === 'accumulator') return { type: initial === 'null' ? 'any' : initial };
      return path.startsWith('current.') || path.startsWith('accumulator.') ? { type: 'any' } : undefined;
    },
    dynamic: false,
    needsSql: false,
  };
  call.inferIn(1, scope);
  return initial === 'null' ? 'any' : initial;
}

export const arrayOperators: Operator[] = [
  {
    name: 'merge',
    summary: 'one flat list of the arguments (lists are spread one level)',
    arity: { min: 0 },
    js: (args) => args.reduce<unknown[]>((all, item) => all.concat(item), []),
    type: () => 'array',
    sql: {
      value: (call) => {
        const items = join(
          call.args.map((_, i) => toJsonb(call.value(i))),
          (s) => `jsonb_build_array(${s.join(', ')})`,
        );
        return expr(`${jl('merge')}(${items.sql})`, items.bindings, 'jsonb');
      },
    },
  },
  {
    name: 'filter',
    summary: 'the elements for which the rule is truthy',
    arity: { min: 2, max: 2 },
    lazy: true,
    scoped: [1],
    js: filterJs,
    type: scopedType(() => 'array'),
    sql: { value: (call) => collect(call, true) },
  },
  {
    name: 'map',
    summary: 'the rule applied to each element',
    arity: { min: 2, max: 2 },
    lazy: true,
    scoped: [1],
    js: (args, env) => elementsOf(args[0] as Rule, env).map((item) => env.evaluate(args[1] as Rule, item)),
    type: scopedType(() => 'array'),
    sql: { value: (call) => collect(call, false) },
  },
  {
    name: 'some',
    summary: 'true when the rule is truthy for at least one element',
    arity: { min: 2, max: 2 },
    lazy: true,
    scoped: [1],
    js: (args, env) => filterJs(args, env).length > 0,
    type: scopedType(() => 'boolean'),
    sql: { condition: someSql, value: (call) => booleanExpr(someSql(call)) },
  },
  {
    name: 'none',
    summary: 'true when the rule is truthy for no element',
    arity: { min: 2, max: 2 },
    lazy: true,
    scoped: [1],
    js: (args, env) => filterJs(args, env).length === 0,
    type: scopedType(() => 'boolean'),
    sql: { condition: noneSql, value: (call) => booleanExpr(noneSql(call)) },
  },
  {
    name: 'all',
    summary: 'true when the list is not empty and the rule is truthy for every element',
    arity: { min: 2, max: 2 },
    lazy: true,
    scoped: [1],
    js: (args, env) => {
      const list = elementsOf(args[0] as Rule, env);
      return list.length > 0 && list.every((item) => truthy(env.evaluate(args[1] as Rule, item)));
    },
    type: scopedType(() => 'boolean'),
    sql: { condition: allSql, value: (call) => booleanExpr(allSql(call)) },
  },
  {
    name: 'reduce',
    summary: 'folds the list: the rule sees {"var": "current"} and {"var": "accumulator"}; the third argument is the start',
    arity: { min: 2, max: 3 },
    lazy: true,
    scoped: [1],
    js: (args, env) => {
      const initial = args[2] !== undefined ? env.evaluate(args[2] as Rule) : null;
      const list = env.evaluate(args[0] as Rule);
      if (!Array.isArray(list)) return initial;
      return list.reduce((accumulator: unknown, current: unknown) => env.evaluate(args[1] as Rule, { current, accumulator }), initial);
    },
    type: reduceType,
    sql: { jsOnly: 'it threads an accumulator through the elements in order, which a set-based SQL query cannot do' },
  },
];
