import type { Operator, SqlCall, TypeCall } from '../operator.ts';
import type { LogicType, SqlExpr, SqlFragment } from '../types.ts';
import { getPath } from '../js-values.ts';
import { forbiddenSegment } from '../limits.ts';
import { commonType, expectTypes } from '../check/type-rules.ts';
import { expr, jl, join, toJsonb, toNumber } from '../sql/convert.ts';
import { unify } from '../sql/unify.ts';

/** A path written in the rule ('' for the whole datum), or undefined when it is computed. */
function literalPath(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return '';
  return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
}

function varType(call: TypeCall): LogicType {
  const path = literalPath(call.args[0]);
  if (path === undefined) {
    if (!call.scope.dynamic) call.error('a variable path must be written out, such as {"var": "account.region"}', 0, 'invalid_argument');
    return 'any';
  }
  const forbidden = forbiddenSegment(path);
  if (forbidden !== undefined) {
    call.error(`"${forbidden}" cannot be part of a path`, undefined, 'forbidden_path');
    return 'any';
  }
  const resolved = call.scope.resolveVar(path);
  if (!resolved) {
    call.error(`there is no field "${path}"`, undefined, 'unknown_field');
    return 'any';
  }
  if (call.mode === 'sql' && call.scope.needsSql && !resolved.sql) call.error(`"${path}" cannot be read in the database`, undefined, 'not_compilable');
  return call.args.length > 1 ? commonType([resolved.type, call.types[1] ?? 'any']) : resolved.type;
}

function varSql(call: SqlCall): SqlExpr {
  const path = literalPath(call.args[0]);
  let value: SqlExpr;
  let missing: SqlFragment | undefined;
  if (path !== undefined) {
    const resolved = call.scope.resolveVar(path);
    if (!resolved?.sql) return call.fail(`"${path}" cannot be read in the database`);
    value = resolved.sql;
    missing = resolved.missing;
  } else {
    const root = call.scope.root;
    if (!root) return call.fail('a variable path must be written out to run in the database', 0);
    const key = toJsonb(call.value(0));
    value = expr(`${jl('var')}(${root.sql}, ${key.sql})`, [...root.bindings, ...key.bindings], 'jsonb', true);
    missing = { sql: `(${value.sql} is null)`, bindings: value.bindings };
  }
  if (call.args.length < 2 || !missing) return value;
  // The default applies only where the path is missing, not where it holds null.
  const { kind, nullable, items } = unify([value, call.value(1)]);
  const result = join([missing, items[1] as SqlFragment, items[0] as SqlFragment], ([m, d, v]) => `(case when ${m} then ${d} else ${v} end)`);
  return expr(result.sql, result.bindings, kind, nullable);
}

/** json-logic-js's missing: keys (the first argument if it is a list) whose value is null, absent or "". */
function missingKeys(data: unknown, args: readonly unknown[]): unknown[] {
  const keys = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return keys.filter((key) => {
    const value = Array.isArray(key) ? getPath(data, key[0], key[1] ?? null) : getPath(data, key);
    return value === null || value === '';
  });
}

/** In a scope of typed fields the keys must be written out; each must be a field. */
function keysType(call: TypeCall, keys: unknown, index: number): void {
  if (call.scope.dynamic) return;
  const list = Array.isArray(keys) ? keys : [keys];
  for (const key of list) {
    if (typeof key !== 'string') {
      call.error('keys must be field names written out, such as "email"', index, 'invalid_argument');
      return;
    }
    if (forbiddenSegment(key) !== undefined) call.error(`"${key}" cannot be part of a path`, index, 'forbidden_path');
    else if (!call.scope.resolveVar(key)) call.error(`there is no field "${key}"`, index, 'unknown_field');
  }
}

/** Missing keys over typed fields: the written-out keys whose field is null or "". */
function typedMissing(call: SqlCall, keys: string[]): SqlExpr {
  if (keys.length === 0) return expr(`'[]'::jsonb`, [], 'jsonb');
  const items = keys.map((key) => {
    const value = call.scope.resolveVar(key)?.sql;
    if (!value) return call.fail(`"${key}" cannot be read in the database`);
    const json = toJsonb(value);
    return { sql: `case when ${jl('is_missing')}(${json.sql}) then ?::text end`, bindings: [...json.bindings, key] };
  });
  const list = join(items, (s) => `jsonb_build_array(${s.join(', ')})`);
  return expr(`jsonb_path_query_array(${list.sql}, ?::jsonpath)`, [...list.bindings, '$[*] ? (@ != null)'], 'jsonb');
}

const writtenKeys = (raw: unknown): string[] | undefined => {
  const list = Array.isArray(raw) ? raw : undefined;
  return list?.every((k) => typeof k === 'string') ? (list as string[]) : undefined;
};

function missingSql(call: SqlCall): SqlExpr {
  const root = call.scope.root;
  if (root) {
    const args = join(
      call.args.map((_, i) => toJsonb(call.value(i))),
      (s) => `jsonb_build_array(${s.join(', ')})`,
    );
    return expr(`${jl('missing')}(${root.sql}, ${args.sql})`, [...root.bindings, ...args.bindings], 'jsonb');
  }
  const keys = writtenKeys(Array.isArray(call.args[0]) ? call.args[0] : call.args);
  return keys ? typedMissing(call, keys) : call.fail('keys must be field names written out to run in the database');
}

function missingSomeSql(call: SqlCall): SqlExpr {
  const root = call.scope.root;
  const need = call.value(0);
  if (root) {
    const [n, options] = [toJsonb(need), toJsonb(call.value(1))];
    return expr(`${jl('missing_some')}(${root.sql}, ${n.sql}, ${options.sql})`, [...root.bindings, ...n.bindings, ...options.bindings], 'jsonb');
  }
  const keys = writtenKeys(call.args[1]);
  if (!keys) return call.fail('keys must be field names written out to run in the database', 1);
  const missing = typedMissing(call, keys);
  const result = join([missing, toNumber(need), missing], ([m, n, m2]) => `(case when ${keys.length} - jsonb_array_length(${m}) >= ${n} then '[]'::jsonb else ${m2} end)`);
  return expr(result.sql, result.bindings, 'jsonb');
}

export const dataOperators: Operator[] = [
  {
    name: 'var',
    summary: 'a value of the data by dotted path ("account.region", "items.0"), with an optional default',
    arity: { min: 0, max: 2 },
    js: ([path, fallback], env) => getPath(env.data, path, fallback === undefined ? null : fallback),
    type: varType,
    sql: { value: varSql },
  },
  {
    name: 'missing',
    summary: 'the keys whose value is null, absent or ""',
    arity: { min: 0 },
    js: (args, env) => missingKeys(env.data, args),
    type: (call) => {
      keysType(call, Array.isArray(call.args[0]) ? call.args[0] : call.args, 0);
      return 'array';
    },
    sql: { value: missingSql },
  },
  {
    name: 'missing_some',
    summary: '[] when at least N of the keys are present, else the missing keys',
    arity: { min: 2, max: 2 },
    js: ([need, options], env) => {
      const list = Array.isArray(options) ? options : [options];
      const missing = missingKeys(env.data, list);
      return (options as unknown[]).length - missing.length >= (need as number) ? [] : missing;
    },
    type: (call) => {
      const problem = expectTypes(call.types[0] ?? 'any', ['number'], 'the count');
      if (problem) call.error(problem, 0);
      keysType(call, call.args[1], 1);
      return 'array';
    },
    sql: { value: missingSomeSql },
  },
];
