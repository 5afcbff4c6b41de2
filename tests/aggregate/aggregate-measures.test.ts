import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord } from '../support/record-helpers.ts';
import { aggregateOk, byKey, groupRows, seedDeals, type Deal } from './fixture.ts';

/** Every measure over real rows, checked against the same computation done in plain JavaScript. */

let t: TestEngine;
let deals: Deal[];
let accounts: string[];

beforeAll(async () => {
  t = await startTestEngine();
  ({ deals, accounts } = await seedDeals(t));
}, 120_000);
afterAll(() => t.close());

const present = <T>(values: Array<T | null>): T[] => values.filter((v): v is T => v !== null);
const sumCents = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('measures without grouping', () => {
  it('count, sum, avg, min, max and count_distinct over every row', async () => {
    const body = await aggregateOk(t, 'deal', {
      aggregate: {
        measures: [
          { fn: 'count' },
          { fn: 'count', field: 'amount' },
          { fn: 'sum', field: 'amount' },
          { fn: 'avg', field: 'amount' },
          { fn: 'min', field: 'amount' },
          { fn: 'max', field: 'amount' },
          { fn: 'sum', field: 'qty', as: 'units' },
          { fn: 'min', field: 'closed_on' },
          { fn: 'max', field: 'name' },
          { fn: 'count_distinct', field: 'region' },
        ],
      },
    });
    const cents = present(deals.map((d) => d.cents));
    const dates = present(deals.map((d) => d.closed_on)).sort();
    expect(body.truncated).toBe(false);
    expect(body.total).toEqual({ count: deals.length, exact: true });
    expect(body.groups).toHaveLength(1);
    const [group] = body.groups;
    expect(group?.key).toEqual({});
    expect(group?.values).toMatchObject({
      count: deals.length,
      count_amount: cents.length,
      sum_amount: sumCents(cents) / 100,
      min_amount: Math.min(...cents) / 100,
      max_amount: Math.max(...cents) / 100,
      units: sumCents(deals.map((d) => d.qty)),
      min_closed_on: dates[0],
      max_name: [...deals.map((d) => d.name)].sort().at(-1),
      count_distinct_region: new Set(present(deals.map((d) => d.region))).size,
    });
    expect(group?.values.avg_amount).toBeCloseTo(sumCents(cents) / cents.length / 100, 8);
    // Numbers from numeric columns are JSON numbers, as the record API returns those fields.
    for (const name of ['sum_amount', 'avg_amount', 'min_amount', 'units']) expect(typeof group?.values[name], name).toBe('number');
  });

  it('min and max of a date/time are ISO instants in UTC, as records show them', async () => {
    await createRecord(t, 'deal', { name: 'timed 1', closed_at: '2026-03-01T09:30:00+08:00' });
    await createRecord(t, 'deal', { name: 'timed 2', closed_at: '2026-03-05T23:59:59.250Z' });
    const body = await aggregateOk(t, 'deal', { filter: { '!=': [{ var: 'closed_at' }, null] }, aggregate: { measures: [{ fn: 'min', field: 'closed_at' }, { fn: 'max', field: 'closed_at' }, { fn: 'count_distinct', field: 'closed_at' }] } });
    expect(body.groups[0]?.values).toEqual({ min_closed_at: '2026-03-01T01:30:00.000Z', max_closed_at: '2026-03-05T23:59:59.250Z', count_distinct_closed_at: 2 });
    const del = await t.request({ method: 'POST', url: '/api/records/deal/query', payload: { filter: { '!=': [{ var: 'closed_at' }, null] } } });
    for (const item of (del.json() as { items: Array<{ id: string; version: number }> }).items) {
      expect((await t.request({ method: 'DELETE', url: `/api/records/deal/${item.id}` })).statusCode).toBe(204);
    }
  });

  it('over no rows: counts are 0, the other measures null', async () => {
    const body = await aggregateOk(t, 'deal', { filter: { '==': [{ var: 'name' }, 'nobody'] }, aggregate: { measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }, { fn: 'max', field: 'closed_on' }, { fn: 'count_distinct', field: 'stage' }] } });
    expect(body.groups).toEqual([{ key: {}, values: { count: 0, sum_amount: null, max_closed_on: null, count_distinct_stage: 0 } }]);
    expect(body.total).toEqual({ count: 0, exact: true });
  });

  it('a sum beyond what a JSON number holds exactly comes back as the exact decimal string', async () => {
    // 9 × 9999999999999.99 has 16 significant digits: the nearest double would print …99.9, losing the cent.
    await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'big', label: { en: 'Big' }, fields: [{ api_name: 'v', type: 'decimal', precision: 15, scale: 2 }, { api_name: 'n', type: 'integer' }] } });
    for (let i = 0; i < 9; i++) await createRecord(t, 'big', { name: `big ${i}`, v: 9999999999999.99, n: 9007199254740991 });
    const body = await aggregateOk(t, 'big', { aggregate: { measures: [{ fn: 'sum', field: 'v' }, { fn: 'sum', field: 'n' }, { fn: 'max', field: 'v' }] } });
    expect(body.groups[0]?.values).toEqual({ sum_v: '89999999999999.91', sum_n: '81064793292668919', max_v: 9999999999999.99 });
  });
});

describe('grouping', () => {
  it('by one field (a picklist): every measure per group, groups ordered by key', async () => {
    const body = await aggregateOk(t, 'deal', { aggregate: { group_by: ['stage'], measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount', as: 'total' }, { fn: 'avg', field: 'qty' }, { fn: 'max', field: 'closed_on' }] } });
    const expected = groupRows(deals, (d) => ({ stage: d.stage }));
    expect(body.groups.map((g) => g.key.stage)).toEqual(['lead', 'lost', 'won']);
    for (const [key, rows] of expected) {
      const values = byKey(body).get(key);
      const cents = present(rows.map((d) => d.cents));
      expect(values, key).toMatchObject({ count: rows.length, total: sumCents(cents) / 100, max_closed_on: present(rows.map((d) => d.closed_on)).sort().at(-1) });
      expect(values?.avg_qty as number).toBeCloseTo(sumCents(rows.map((d) => d.qty)) / rows.length, 8);
    }
  });

  it('by two fields, nulls grouped together as null (last)', async () => {
    const body = await aggregateOk(t, 'deal', { aggregate: { group_by: ['region', 'won'], measures: [{ fn: 'count' }] } });
    const expected = groupRows(deals, (d) => ({ region: d.region, won: d.won }));
    expect(body.groups).toHaveLength(expected.size);
    for (const [key, rows] of expected) expect(byKey(body).get(key), key).toEqual({ count: rows.length });
    expect(body.groups.at(-1)?.key.region).toBeNull();
    expect(body.groups.some((g) => g.key.won === null && g.key.region !== null)).toBe(true);
  });

  it('by three fields: a lookup, a boolean and a text', async () => {
    const body = await aggregateOk(t, 'deal', { aggregate: { group_by: ['account', 'won', 'stage'], measures: [{ fn: 'count' }, { fn: 'min', field: 'qty' }], limit: 1000 } });
    const expected = groupRows(deals, (d) => ({ account: d.account, won: d.won, stage: d.stage }));
    expect(body.groups).toHaveLength(expected.size);
    for (const [key, rows] of expected) expect(byKey(body).get(key), key).toEqual({ count: rows.length, min_qty: Math.min(...rows.map((d) => d.qty)) });
    expect(new Set(body.groups.map((g) => g.key.account))).toEqual(new Set([...accounts, null]));
  });

  it('by the owner (a user field)', async () => {
    const body = await aggregateOk(t, 'deal', { aggregate: { group_by: ['owner_id'], measures: [{ fn: 'count' }] } });
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]?.values.count).toBe(deals.length);
    expect(body.groups[0]?.key.owner_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('amounts are summed per currency: a currency measure adds the currency to the key', async () => {
    const body = await aggregateOk(t, 'deal', { aggregate: { group_by: ['stage'], measures: [{ fn: 'sum', field: 'price' }, { fn: 'max', field: 'price' }, { fn: 'count' }] } });
    const withPrice = deals.filter((d) => d.price !== null);
    const expected = groupRows(withPrice, (d) => ({ stage: d.stage, 'price:currency': d.price?.currency }));
    for (const [key, rows] of expected) {
      const cents = rows.map((d) => d.price?.cents ?? 0);
      expect(byKey(body).get(key), key).toEqual({ sum_price: sumCents(cents) / 100, max_price: Math.max(...cents) / 100, count: rows.length });
    }
    // Deals without a price form their own groups (currency null), with a null sum.
    const nulls = body.groups.filter((g) => g.key['price:currency'] === null);
    expect(nulls.reduce((n, g) => n + (g.values.count as number), 0)).toBe(deals.length - withPrice.length);
    for (const g of nulls) expect(g.values.sum_price).toBeNull();
  });

  it('sort by a measure descending and limit: the top groups, truncated', async () => {
    const body = await aggregateOk(t, 'deal', { aggregate: { group_by: ['region'], measures: [{ fn: 'sum', field: 'qty', as: 'units' }], sort: '-units', limit: 2 } });
    const expected = [...groupRows(deals, (d) => ({ region: d.region }))].map(([key, rows]) => ({ key: JSON.parse(key) as Record<string, unknown>, units: sumCents(rows.map((d) => d.qty)) }));
    expected.sort((a, b) => b.units - a.units);
    expect(body.groups.map((g) => g.values.units)).toEqual(expected.slice(0, 2).map((e) => e.units));
    expect(body.groups.map((g) => g.key)).toEqual(expected.slice(0, 2).map((e) => e.key));
    expect(body.truncated).toBe(true);
    expect(body.total).toEqual({ count: deals.length, exact: true });
    const all = await aggregateOk(t, 'deal', { aggregate: { group_by: ['region'], measures: [{ fn: 'count' }], sort: ['-region'] } });
    expect(all.truncated).toBe(false);
    expect(all.groups.map((g) => g.key.region)).toEqual([null, 'south', 'north', 'east']);
  });
});

describe('filter + aggregate', () => {
  it('aggregates only the rows the filter keeps, and total counts them', async () => {
    const filter = { and: [{ '==': [{ var: 'stage' }, 'won'] }, { '>': [{ var: 'qty' }, 0] }] };
    const body = await aggregateOk(t, 'deal', { filter, aggregate: { group_by: ['region'], measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }] } });
    const kept = deals.filter((d) => d.stage === 'won' && d.qty > 0);
    expect(kept.length).toBeGreaterThan(2);
    expect(body.total).toEqual({ count: kept.length, exact: true });
    const expected = groupRows(kept, (d) => ({ region: d.region }));
    expect(body.groups).toHaveLength(expected.size);
    for (const [key, rows] of expected) {
      const cents = present(rows.map((d) => d.cents));
      expect(byKey(body).get(key), key).toEqual({ count: rows.length, sum_amount: cents.length ? sumCents(cents) / 100 : null });
    }
  });

  it('a null filter is no filter, as for lists', async () => {
    const body = await aggregateOk(t, 'deal', { filter: null, aggregate: { measures: [{ fn: 'count' }] } });
    expect(body.groups[0]?.values.count).toBe(deals.length);
  });

  it('a filter through a lookup', async () => {
    const body = await aggregateOk(t, 'deal', { filter: { '==': [{ var: 'account.industry' }, 'retail'] }, aggregate: { measures: [{ fn: 'count' }] } });
    expect(body.groups[0]?.values.count).toBe(deals.filter((d) => d.account === accounts[1]).length);
  });

  it('records in the recycle bin are not counted', async () => {
    const extra = await createRecord(t, 'deal', { name: 'binned', stage: 'lead', qty: 1000 });
    const before = await aggregateOk(t, 'deal', { aggregate: { measures: [{ fn: 'sum', field: 'qty' }] } });
    expect((await t.request({ method: 'DELETE', url: `/api/records/deal/${extra.id}` })).statusCode).toBe(204);
    const after = await aggregateOk(t, 'deal', { aggregate: { measures: [{ fn: 'sum', field: 'qty' }] } });
    expect(before.groups[0]?.values.sum_qty).toBe((after.groups[0]?.values.sum_qty as number) + 1000);
  });
});

describe('formula fields', () => {
  it('are grouped by and measured like the columns they compute', async () => {
    const add = async (field: Record<string, unknown>) => expect((await t.request({ method: 'POST', url: '/api/meta/objects/deal/fields', payload: field })).statusCode).toBe(201);
    await add({ api_name: 'double_qty', type: 'formula', return_type: 'number', scale: 0, expression: { '*': [{ var: 'qty' }, 2] } });
    await add({ api_name: 'size', type: 'formula', return_type: 'text', expression: { if: [{ '>': [{ var: 'qty' }, 10] }, 'big', 'small'] } });
    const body = await aggregateOk(t, 'deal', { filter: { '==': [{ var: 'size' }, 'big'] }, aggregate: { group_by: ['size'], measures: [{ fn: 'sum', field: 'double_qty' }, { fn: 'max', field: 'double_qty' }, { fn: 'count' }] } });
    const big = deals.filter((d) => d.qty > 10);
    expect(body.groups).toEqual([{ key: { size: 'big' }, values: { sum_double_qty: 2 * sumCents(big.map((d) => d.qty)), max_double_qty: 2 * Math.max(...big.map((d) => d.qty)), count: big.length } }]);
    expect(body.total).toEqual({ count: big.length, exact: true });
  });
});
