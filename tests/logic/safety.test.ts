import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from '../../engine/src/db/index.ts';
import { isAppError } from '../../engine/src/kernel/index.ts';
import {
  compileJson,
  compileValue,
  createBuiltinOperators,
  createOperatorRegistry,
  builtinOperators,
  evaluateRule,
  jsonDataScope,
} from '../../engine/src/logic/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { doubleOperator } from '../support/plugin-operator.ts';
import { rows } from './support.ts';

const operators = createBuiltinOperators();
let knex: Knex;

beforeAll(async () => {
  knex = testKnex();
  await freshTenant(knex, 'logic-safe');
});

afterAll(async () => {
  await knex.destroy();
});

const errorCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? err.code : `not an AppError: ${String(err)}`;
  }
  return undefined;
};

describe('rules cannot reach prototypes or host objects', () => {
  const parsed = JSON.parse('{"__proto__": {"polluted": 1}, "a": {"b": 1}, "list": [1, 2]}') as unknown;

  it.each([
    [{ var: 'constructor' }, {}],
    [{ var: 'constructor.name' }, { a: 1 }],
    [{ var: 'a.constructor.name' }, parsed],
    [{ var: '__proto__' }, parsed],
    [{ var: '__proto__.polluted' }, parsed],
    [{ var: 'a.b.toString' }, parsed],
    [{ var: 'list.length' }, parsed],
    [{ var: 'list.-1' }, parsed],
    [{ var: 'list.01' }, parsed],
    [{ var: { cat: ['const', 'ructor'] } }, {}],
    [{ missing: ['constructor'] }, {}],
  ])('%j finds nothing in JavaScript', (rule, data) => {
    const result = evaluateRule(rule, data, { operators });
    expect(result === null || (Array.isArray(result) && result.length <= 1)).toBe(true);
    expect(typeof result).not.toBe('function');
  });

  it('a computed path to a prototype finds nothing in PostgreSQL either', async () => {
    const data = { a: { constructor: 'x' } };
    const json = compileJson({ var: { cat: ['a.', 'constructor'] } }, jsonDataScope(data), { operators });
    const [row] = await rows<{ v: unknown }>(knex, `select ${json.sql} as v`, json.bindings);
    expect(row?.v).toBeNull();
    expect(evaluateRule({ var: { cat: ['a.', 'constructor'] } }, data, { operators })).toBeNull();
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'method', 'log', 'valueOf'])('"%s" is not an operation', (name) => {
    expect(errorCode(() => evaluateRule({ [name]: [] }, {}, { operators }))).toBe('invalid_rule');
    expect(errorCode(() => compileValue({ [name]: [] }, jsonDataScope({}), { operators }))).toBe('invalid_rule');
  });

  it('refuses rules nested too deeply without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { '!': [deep] };
    expect(errorCode(() => evaluateRule(deep, {}, { operators }))).toBe('invalid_rule');
    expect(errorCode(() => compileValue(deep, jsonDataScope({}), { operators }))).toBe('invalid_rule');
  });

  it('binds every value: hostile text reaches PostgreSQL only as a parameter', async () => {
    const hostile = "x'); drop table tessera.tenants; --";
    const json = compileJson({ '==': [{ var: 'name' }, hostile] }, jsonDataScope({ name: hostile }), { operators });
    expect(json.sql).not.toContain('drop table');
    const [row] = await rows<{ v: unknown }>(knex, `select ${json.sql} as v`, json.bindings);
    expect(row?.v).toBe(true);
  });
});

describe('a plugin operator joins the allowlist', () => {
  const double = doubleOperator;

  it('is evaluated and compiled like a built-in, in its own registry only', async () => {
    const registry = createOperatorRegistry(builtinOperators);
    registry.register(double);
    expect(evaluateRule({ double: { var: 'n' } }, { n: 21 }, { operators: registry })).toBe(42);
    const json = compileJson({ double: 21 }, jsonDataScope({}), { operators: registry });
    const [row] = await rows<{ v: unknown }>(knex, `select ${json.sql} as v`, json.bindings);
    expect(row?.v).toBe(42);
    expect(errorCode(() => evaluateRule({ double: 1 }, {}, { operators }))).toBe('invalid_rule');
    expect(() => registry.register(double)).toThrow(/already registered/);
  });
});
