import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from '../../engine/src/db/index.ts';
import { isAppError } from '../../engine/src/kernel/index.ts';
import { compileJson, createBuiltinOperators, jsonDataScope } from '../../engine/src/logic/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { conformanceCases, rows, type ConformanceCase } from './support.ts';

const operators = createBuiltinOperators();
const cases = conformanceCases();

/** The cases SQL cannot express, as docs/rule-language.md lists them: reduce threads an accumulator. */
const usesReduce = (c: ConformanceCase) => JSON.stringify(c.rule).includes('"reduce"');

let knex: Knex;

beforeAll(async () => {
  knex = testKnex();
  // A fresh tenant runs the global migrations, which create the tessera.jl_* functions.
  await freshTenant(knex, 'logic-conf');
});

afterAll(async () => {
  await knex.destroy();
});

async function evaluateInPostgres(c: ConformanceCase): Promise<unknown> {
  const compiled = compileJson(c.rule, jsonDataScope(c.data), { operators, strictTypes: false });
  const [row] = await rows<{ v: unknown }>(knex, `select ${compiled.sql} as v`, compiled.bindings);
  return row?.v ?? null;
}

describe('JsonLogic conformance suite evaluated by PostgreSQL', () => {
  const expressible = cases.filter((c) => !usesReduce(c));

  it('compiles every case but the reduce ones (272 of 278)', () => {
    expect(expressible).toHaveLength(272);
    for (const c of cases.filter(usesReduce)) {
      let code: string | undefined;
      try {
        compileJson(c.rule, jsonDataScope(c.data), { operators, strictTypes: false });
      } catch (err) {
        code = isAppError(err) ? `${err.code} ${err.errors?.[0]?.field}` : String(err);
      }
      expect(code).toBe('rule_not_compilable reduce');
    }
  });

  it.each(expressible.map((c) => [c.index, c.section, JSON.stringify(c.rule), c] as const))('#%i %s %s', async (_i, _section, _text, c) => {
    expect(await evaluateInPostgres(c)).toEqual(c.expected);
  });
});
