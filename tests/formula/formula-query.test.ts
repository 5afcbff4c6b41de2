import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, listAllPages, listPage, listUrl, problemOf, type ApiRecord } from '../support/record-helpers.ts';
import { createFormulaWorld, v } from './world.ts';

/** Formulas are computed in SQL: lists filter and sort by them, with keyset cursors across pages. */

let t: TestEngine;
let lines: ApiRecord[];

beforeAll(async () => {
  t = await startTestEngine();
  await createFormulaWorld(t);
  const gold = await createRecord(t, 'customer', { name: 'Gold', credit: 2000 });
  const silver = await createRecord(t, 'customer', { name: 'Silver', credit: 10 });
  lines = [];
  for (let i = 0; i < 23; i += 1) {
    // Several lines share a subtotal (ties the cursor must page through) and a few have none.
    lines.push(
      await createRecord(t, 'order_line', {
        name: `L${String(i).padStart(2, '0')}`,
        code: `C${i % 4}`,
        quantity: i % 6 === 5 ? null : (i % 5) + 1,
        unit_price: i % 3 === 0 ? 100 : 20 + i,
        discount: i % 2 ? 10 : 0,
        close_date: `2026-0${(i % 9) + 1}-15`,
        customer: i % 4 === 0 ? null : i % 2 ? gold.id : silver.id,
      }),
    );
  }
});
afterAll(() => t.close());

const ids = (records: ApiRecord[]) => records.map((r) => r.id);
const sortedIds = (records: ApiRecord[]) => ids(records).sort();

/** PostgreSQL's order for one key: nulls last ascending and first descending; ties by id. */
function expectedOrder(field: string, desc: boolean): string[] {
  return [...lines]
    .sort((a, b) => {
      const x = a[field] as number | string | null;
      const y = b[field] as number | string | null;
      if (x === y) return a.id < b.id ? -1 : 1;
      if (x === null) return desc ? -1 : 1;
      if (y === null) return desc ? 1 : -1;
      return (x < y ? -1 : 1) * (desc ? -1 : 1);
    })
    .map((r) => r.id);
}

describe('filtering by a formula', () => {
  it('keeps the rows whose computed value matches (GET ?filter=)', async () => {
    const expected = sortedIds(lines.filter((r) => typeof r.subtotal === 'number' && r.subtotal > 150));
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.length).toBeLessThan(lines.length - 3);
    expect(sortedIds(await listAllPages(t, 'order_line', { filter: { '>': [v('subtotal'), 150] }, limit: 500 }))).toEqual(expected);
  });

  it('combines formulas of every type, and reads a formula through a lookup', async () => {
    const expected = sortedIds(lines.filter((r) => r.big === true || (r.customer_level === 'gold' && typeof r.title === 'string' && r.title.endsWith('(C1)'))));
    expect(expected.length).toBeGreaterThan(0);
    const filter = { or: [{ '==': [v('big'), true] }, { and: [{ '==': [v('customer.level'), 'gold'] }, { ends_with: [v('title'), '(C1)'] }] }] };
    expect(sortedIds(await listAllPages(t, 'order_line', { filter, limit: 500 }))).toEqual(expected);
    const byDate = sortedIds(lines.filter((r) => typeof r.follow_up === 'string' && r.follow_up >= '2026-05-01'));
    expect(sortedIds(await listAllPages(t, 'order_line', { filter: { '>=': [v('follow_up'), '2026-05-01'] }, limit: 500 }))).toEqual(byDate);
  });

  it('works in POST /query too', async () => {
    const res = await t.request({ method: 'POST', url: '/api/records/order_line/query', payload: { filter: { '<': [v('with_tax'), 50] }, sort: 'with_tax', limit: 500 } });
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: ApiRecord[] }).items;
    // JavaScript's meaning: null < 50 (null counts as 0); nulls sort last ascending.
    const values = lines.map((r) => r.with_tax as number | null);
    const numbers = values.filter((x): x is number => x !== null && x < 50).sort((a, b) => a - b);
    expect(items.map((r) => r.with_tax)).toEqual([...numbers, ...values.filter((x) => x === null)]);
  });
});

describe('sorting by a formula', () => {
  it('?sort=-subtotal pages through every row once, in order, with the cursor', async () => {
    const all = await listAllPages(t, 'order_line', { sort: '-subtotal', limit: 4 });
    expect(ids(all)).toEqual(expectedOrder('subtotal', true));
    const first = await listPage(t, 'order_line', { sort: '-subtotal', limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.next_cursor).not.toBeNull();
  });

  it('sorts ascending by a text formula and by a date-time formula (microsecond cursors)', async () => {
    expect(ids(await listAllPages(t, 'order_line', { sort: 'title', limit: 5 }))).toEqual(expectedOrder('title', false));
    expect(ids(await listAllPages(t, 'order_line', { sort: '-call_at', limit: 3 }))).toEqual(expectedOrder('call_at', true));
  });

  it('sorts by a formula with a filter on another formula and a second key', async () => {
    const filter = { '!': [{ is_empty: [v('subtotal')] }] };
    const all = await listAllPages(t, 'order_line', { filter, sort: 'customer_level,-subtotal', limit: 3 });
    const expected = lines
      .filter((r) => r.subtotal !== null)
      .sort((a, b) => {
        const la = a.customer_level as string | null;
        const lb = b.customer_level as string | null;
        if (la !== lb) return la === null ? 1 : lb === null ? -1 : la < lb ? -1 : 1;
        if (a.subtotal !== b.subtotal) return (b.subtotal as number) - (a.subtotal as number);
        return a.id < b.id ? -1 : 1;
      });
    expect(ids(all)).toEqual(ids(expected));
  });

  it('refuses a filter reading a formula that does not exist, naming the place (400)', async () => {
    const res = await t.request({ method: 'GET', url: listUrl('order_line', { filter: { '>': [v('subtotals'), 1] } }) });
    const problem = problemOf(res);
    expect([problem.status, problem.code]).toEqual([400, 'invalid_filter']);
    expect(problem.errors?.map((e) => e.field)).toEqual(['>.0.var']);
  });
});
