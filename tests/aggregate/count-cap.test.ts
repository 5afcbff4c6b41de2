import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { COUNT_CAP } from '../../engine/src/query/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord } from '../support/record-helpers.ts';
import { testKnex } from '../support/db.ts';
import { aggregateOk } from './fixture.ts';

/**
 * Counts are exact up to 10,000 rows; above that they are PostgreSQL's estimate, marked exact:false.
 * 12,000 rows are written with one INSERT … SELECT generate_series straight into the tenant's table.
 */

const ROWS = 12_000;
let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'bulk', label: { en: 'Bulk' }, fields: [{ api_name: 'n', type: 'integer' }, { api_name: 'kind', type: 'text' }] });
  const first = await createRecord(t, 'bulk', { name: 'first', n: 0, kind: 'even' });
  const owner = first.owner_id as string;
  const knex = testKnex();
  try {
    await knex.raw(
      `insert into ${qualify(t.tenant.schema, 'bulk')} (id, name, n, kind, owner_id, created_by, updated_by)
       select gen_random_uuid(), 'row ' || g, g, case when g % 2 = 0 then 'even' else 'odd' end, ?, ?, ? from generate_series(1, ?) as g`,
      [owner, owner, owner, ROWS - 1],
    );
  } finally {
    await knex.destroy();
  }
}, 120_000);
afterAll(() => t.close());

async function count(filter?: unknown): Promise<{ count: number; exact: boolean }> {
  const url = filter === undefined ? '/api/records/bulk/count' : `/api/records/bulk/count?filter=${encodeURIComponent(JSON.stringify(filter))}`;
  const res = await t.request({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { count: number; exact: boolean };
}

describe('GET /api/records/:object/count', () => {
  it('is exact up to the cap, including exactly at it', async () => {
    expect(COUNT_CAP).toBe(10_000);
    expect(await count({ '<=': [{ var: 'n' }, 4999] })).toEqual({ count: 5000, exact: true });
    expect(await count({ '<': [{ var: 'n' }, COUNT_CAP] })).toEqual({ count: COUNT_CAP, exact: true });
    expect(await count({ '==': [{ var: 'n' }, -1] })).toEqual({ count: 0, exact: true });
  });

  it('above the cap is an estimate, marked exact:false and never below the cap', async () => {
    const just = await count({ '<=': [{ var: 'n' }, COUNT_CAP] });
    expect(just.exact).toBe(false);
    expect(just.count).toBeGreaterThan(COUNT_CAP);
    const all = await count();
    expect(all.exact).toBe(false);
    expect(all.count).toBeGreaterThan(COUNT_CAP);
  });

  it('with statistics, the estimate is close to the truth', async () => {
    const knex = testKnex();
    try {
      await knex.raw(`analyze ${qualify(t.tenant.schema, 'bulk')}`);
    } finally {
      await knex.destroy();
    }
    const all = await count();
    expect(all.exact).toBe(false);
    expect(Math.abs(all.count - ROWS)).toBeLessThan(ROWS * 0.1);
    const most = await count({ '>': [{ var: 'n' }, 500] });
    expect(most.exact).toBe(false);
    expect(Math.abs(most.count - (ROWS - 501))).toBeLessThan(ROWS * 0.1);
  });
});

describe('an aggregate total follows the same rule, while its groups are exact', () => {
  it('total is estimated above the cap; group counts add up exactly', async () => {
    const body = await aggregateOk(t, 'bulk', { aggregate: { group_by: ['kind'], measures: [{ fn: 'count' }, { fn: 'sum', field: 'n' }, { fn: 'max', field: 'n' }] } });
    expect(body.total.exact).toBe(false);
    expect(body.total.count).toBeGreaterThan(COUNT_CAP);
    // n = 0…11999: the even half sums to 2 × (0 + … + 5999), the odd half to 6000².
    expect(body.groups).toEqual([
      { key: { kind: 'even' }, values: { count: 6000, sum_n: 35994000, max_n: 11998 } },
      { key: { kind: 'odd' }, values: { count: 6000, sum_n: 36000000, max_n: 11999 } },
    ]);
  });

  it('and is exact below it', async () => {
    const body = await aggregateOk(t, 'bulk', { filter: { '<': [{ var: 'n' }, 100] }, aggregate: { measures: [{ fn: 'count' }] } });
    expect(body.total).toEqual({ count: 100, exact: true });
    expect(body.groups[0]?.values.count).toBe(100);
  });
});
