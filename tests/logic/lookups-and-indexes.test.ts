import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify, quoteIdent, type Knex } from '../../engine/src/db/index.ts';
import type { TenantRef } from '../../engine/src/kernel/index.ts';
import { createBuiltinRegistry } from '../../engine/src/field-types/index.ts';
import { compileCondition, compileValue, createBuiltinOperators, evaluateRule, metadataScope, truthy, type RuleScope } from '../../engine/src/logic/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { crmMetadata } from './crm-metadata.ts';
import { rows } from './support.ts';

const registry = createBuiltinRegistry();
const operators = createBuiltinOperators();
const metadata = crmMetadata();
const ids = { tech: crypto.randomUUID(), bank: crypto.randomUUID(), d1: crypto.randomUUID(), d2: crypto.randomUUID(), d3: crypto.randomUUID() };

let knex: Knex;
let tenant: TenantRef;
let scope: RuleScope;

/** The deals as JavaScript sees them when their lookups are expanded (customer → account → parent). */
const bank = { id: ids.bank, name: 'Bank of Beijing', industry: 'bank', parent: null };
const tech = { id: ids.tech, name: '北京星辰科技有限公司', industry: 'tech', parent: bank };
const deals = [
  { id: ids.d1, name: 'Apollo', stage: 'won', amount: 120.5, seats: 3, customer: tech },
  { id: ids.d2, name: 'Gemini', stage: 'new', amount: null, seats: null, customer: null },
  { id: ids.d3, name: 'Mercury', stage: 'lost', amount: 99.99, seats: 10, customer: bank },
];

beforeAll(async () => {
  knex = testKnex();
  tenant = await freshTenant(knex, 'logic-lookup');
  for (const object of metadata.objects) {
    const columns = object.fields.flatMap((f) => registry.require(f.type).columns(f));
    const defs = columns.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`);
    await knex.raw(`create table ${qualify(tenant.schema, object.api_name)} (id uuid primary key, ${defs.join(', ')})`);
  }
  for (const column of ['stage', 'amount', 'seats']) await knex.raw(`create index on ${qualify(tenant.schema, 'deal')} (${quoteIdent(column)})`);
  await knex.withSchema(tenant.schema).table('account').insert([
    { id: ids.bank, name: bank.name, industry: 'bank', parent: null },
    { id: ids.tech, name: tech.name, industry: 'tech', parent: ids.bank },
  ]);
  await knex.withSchema(tenant.schema).table('deal').insert(deals.map((d) => ({ id: d.id, name: d.name, stage: d.stage, amount: d.amount, seats: d.seats, customer: d.customer?.id ?? null })));
  scope = metadataScope({ metadata, registry, object: 'deal', schema: tenant.schema, alias: 'r' });
});

afterAll(async () => {
  await knex.destroy();
});

async function matching(rule: unknown): Promise<string[]> {
  const where = compileCondition(rule, scope, { operators });
  const found = await rows<{ name: string }>(knex, `select r.name from ${qualify(tenant.schema, 'deal')} as r where ${where.sql} order by r.name`, where.bindings);
  return found.map((r) => r.name);
}

const inJs = (rule: unknown) =>
  deals
    .filter((d) => truthy(evaluateRule(rule, d, { operators })))
    .map((d) => d.name)
    .sort();

describe('variables through lookups, one and two levels deep', () => {
  it.each([
    [{ '==': [{ var: 'customer.industry' }, 'tech'] }, ['Apollo']],
    [{ '==': [{ var: 'customer.parent.industry' }, 'bank'] }, ['Apollo']],
    [{ contains: [{ var: 'customer.name' }, '科技'] }, ['Apollo']],
    [{ '==': [{ var: 'customer.id' }, ids.bank] }, ['Mercury']],
    [{ '==': [{ var: ['customer.parent.industry', 'none'] }, 'none'] }, ['Gemini', 'Mercury']],
    [{ '!': { var: 'customer.parent' } }, ['Gemini', 'Mercury']],
  ])('%j', async (rule, expected) => {
    expect(await matching(rule)).toEqual(expected);
    expect(inJs(rule)).toEqual(expected);
  });

  it('reads customer.id from the lookup column itself, and a bare lookup as its id', async () => {
    expect(compileCondition({ '==': [{ var: 'customer.id' }, ids.bank] }, scope, { operators })).toEqual({ sql: '"r"."customer" = ?::uuid', bindings: [ids.bank] });
    expect(await matching({ '==': [{ var: 'customer' }, ids.bank] })).toEqual(['Mercury']);
  });

  it('qualifies columns with the table name when the statement gives no alias', async () => {
    const unaliased = metadataScope({ metadata, registry, object: 'deal', schema: tenant.schema });
    const where = compileCondition({ '==': [{ var: 'customer.parent.industry' }, 'bank'] }, unaliased, { operators });
    const found = await rows<{ name: string }>(knex, `select name from ${qualify(tenant.schema, 'deal')} where ${where.sql}`, where.bindings);
    expect(found.map((r) => r.name)).toEqual(['Apollo']);
  });

  it('JavaScript on the expanded record agrees with SQL on the rows', async () => {
    const rule = { and: [{ '!=': [{ var: 'customer.parent.industry' }, 'retail'] }, { '==': [{ var: 'customer.industry' }, 'tech'] }] };
    expect(await matching(rule)).toEqual(inJs(rule));
    const value = compileValue({ cat: [{ var: 'name' }, ' @ ', { var: ['customer.parent.name', '-'] }] }, scope, { operators });
    const names = await rows<{ v: string }>(knex, `select ${value.sql} as v from ${qualify(tenant.schema, 'deal')} as r order by r.name`, value.bindings);
    expect(names.map((n) => n.v)).toEqual(['Apollo @ Bank of Beijing', 'Gemini @ -', 'Mercury @ -']);
    expect(evaluateRule({ cat: [{ var: 'name' }, ' @ ', { var: ['customer.parent.name', '-'] }] }, deals[1], { operators })).toBe('Gemini @ -');
  });
});

describe('a field compared with a literal stays index-friendly', () => {
  it.each([
    [{ '==': [{ var: 'stage' }, 'won'] }, '"r"."stage" = ?', ['won']],
    [{ '!=': [{ var: 'stage' }, 'won'] }, 'not coalesce("r"."stage" = ?, false)', ['won']],
    [{ in: [{ var: 'stage' }, ['won', 'lost']] }, '"r"."stage" = any(?::text[])', [['won', 'lost']]],
    [{ '>': [{ var: 'amount' }, 100] }, '"r"."amount" > ?', [100]],
    [{ '>=': [{ var: 'seats' }, 2.5] }, '"r"."seats" >= ?', [3]],
    [{ '<': [{ var: 'close_date' }, '2026-03-01'] }, '"r"."close_date" < ?::date', ['2026-03-01']],
  ])('%j → %s', (rule, sql, bindings) => {
    expect(compileCondition(rule, scope, { operators })).toEqual({ sql, bindings });
  });

  it('keeps JavaScript’s meaning of null: null < 100 holds (null is 0), null > 100 does not', async () => {
    const below = { '<': [{ var: 'amount' }, 100] };
    expect(compileCondition(below, scope, { operators }).sql).toBe('("r"."amount" < ? or "r"."amount" is null)');
    expect(await matching(below)).toEqual(inJs(below));
    expect(await matching(below)).toEqual(['Gemini', 'Mercury']);
    expect(await matching({ '>': [{ var: 'amount' }, 100] })).toEqual(['Apollo']);
  });

  it('PostgreSQL answers these filters from the indexes', async () => {
    const plans: string[] = [];
    await knex.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      for (const rule of [{ '==': [{ var: 'stage' }, 'won'] }, { in: [{ var: 'stage' }, ['won', 'lost']] }, { '>': [{ var: 'seats' }, 2.5] }]) {
        const where = compileCondition(rule, scope, { operators });
        const plan = await rows<{ 'QUERY PLAN': string }>(trx, `explain select * from ${qualify(tenant.schema, 'deal')} as r where ${where.sql}`, where.bindings);
        plans.push(plan.map((p) => p['QUERY PLAN']).join('\n'));
      }
    });
    for (const plan of plans) expect(plan).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
  });
});
