import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from '../../engine/src/db/index.ts';
import { isAppError } from '../../engine/src/kernel/index.ts';
import {
  builtinOperators,
  compileCondition,
  compileJson,
  createBuiltinOperators,
  evaluateRule,
  isJsOnly,
  jsonDataScope,
  type Operator,
} from '../../engine/src/logic/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { NOW, PRIOR, SAMPLES, USER, ZONE } from './operator-samples.ts';
import { rows } from './support.ts';

const operators = createBuiltinOperators();
const ctx = { now: new Date(NOW), timeZone: ZONE, userId: USER };
let knex: Knex;

beforeAll(async () => {
  knex = testKnex();
  await freshTenant(knex, 'logic-ops');
});

afterAll(async () => {
  await knex.destroy();
});

async function inPostgres(rule: unknown, data: unknown): Promise<unknown> {
  const json = compileJson(rule, jsonDataScope(data), { operators, ctx, strictTypes: false });
  const [row] = await rows<{ v: unknown }>(knex, `select ${json.sql} as v`, json.bindings);
  return row?.v ?? null;
}

const JSONLOGIC_CORE = ['==', '===', '!=', '!==', '<', '<=', '>', '>=', '!', '!!', 'and', 'or', 'if', '?:', 'in', 'cat', 'substr', '+', '-', '*', '/', '%', 'min', 'max', 'var', 'missing', 'missing_some', 'merge', 'some', 'all', 'none', 'map', 'filter', 'reduce'];
const CRM = ['current_user', 'now', 'today', 'date_add', 'date_diff', 'start_of', 'contains', 'starts_with', 'ends_with', 'lower', 'upper', 'length', 'is_empty', 'prior', 'changed'];

describe('the operator allowlist', () => {
  it('holds every JsonLogic core operation and the CRM operations, and nothing else', () => {
    expect(builtinOperators.map((o) => o.name).sort()).toEqual([...JSONLOGIC_CORE, ...CRM].sort());
  });

  it('has no way to reach host objects: log and method are not operations', () => {
    expect(operators.get('method')).toBeUndefined();
    expect(operators.get('log')).toBeUndefined();
    expect(operators.get('constructor')).toBeUndefined();
  });
});

describe.each(builtinOperators.map((o) => [o.name, o] as const))('operator %s', (name, operator: Operator) => {
  const samples = SAMPLES[name] ?? [];

  it('is described and implemented in JavaScript, and in SQL or marked JavaScript-only with a reason', () => {
    expect(operator.summary.length).toBeGreaterThan(5);
    expect(operator.arity.min).toBeGreaterThanOrEqual(0);
    expect(typeof operator.js).toBe('function');
    if (isJsOnly(operator.sql)) expect(operator.sql.jsOnly.length).toBeGreaterThan(30);
    else expect(typeof operator.sql.value).toBe('function');
    expect(samples.length).toBeGreaterThan(0);
  });

  it.each(samples.map((s) => [JSON.stringify(s[0]), ...s] as const))('JavaScript: %s', (_text, rule, data, expected) => {
    expect(evaluateRule(rule, data, { operators, ctx: { ...ctx, prior: PRIOR } })).toEqual(expected);
  });

  if (isJsOnly(operator.sql)) {
    it('is refused where SQL is needed, naming its place in the rule', () => {
      const rule = { and: [true, samples[0]?.[0] ?? null] };
      let caught: unknown;
      try {
        compileCondition(rule, jsonDataScope({}), { operators, ctx });
      } catch (err) {
        caught = err;
      }
      expect(isAppError(caught) && caught.toProblem()).toMatchObject({ code: 'rule_not_compilable', errors: [{ field: `and.1.${name}`, code: 'not_compilable' }] });
    });
  } else {
    it.each(samples.map((s) => [JSON.stringify(s[0]), ...s] as const))('PostgreSQL: %s', async (_text, rule, data, expected) => {
      expect(await inPostgres(rule, data)).toEqual(expected);
    });
  }
});

describe('prior and changed on create', () => {
  it('see no prior record: prior is null and nothing changed', () => {
    expect(evaluateRule({ prior: 'stage' }, { stage: 'won' }, { operators, ctx })).toBeNull();
    expect(evaluateRule({ changed: 'stage' }, { stage: 'won' }, { operators, ctx })).toBe(false);
  });
});
