import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formulaValues } from '../../engine/src/contracts/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, listAllPages, type ApiRecord } from '../support/record-helpers.ts';
import { createFormulaWorld } from './world.ts';

/** Formula values in every answer: create, update, get by id, lists — and the same values in JavaScript. */

let t: TestEngine;
let gold: ApiRecord;
let silver: ApiRecord;

const utcDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestEngine();
  await createFormulaWorld(t);
  gold = await createRecord(t, 'customer', { name: 'Gold Inc', credit: 1500 });
  silver = await createRecord(t, 'customer', { name: 'Silver Ltd', credit: 999.99 });
});
afterAll(() => t.close());

describe('formula values in answers', () => {
  it('are computed on create: numbers rounded to scale, text, dates, date-times, booleans, lookups and formulas of formulas', async () => {
    expect(gold.level).toBe('gold');
    expect(silver.level).toBe('silver');
    const line = await createRecord(t, 'order_line', { name: 'Widgets', code: 'W-1', quantity: 3, unit_price: 19.99, discount: 12.5, close_date: utcDay(10), customer: gold.id });
    // 3 × 19.99 × 0.875 = 52.47375 → 52.47; with tax 52.47 × 1.1 = 57.717 → 57.72 (the rounded subtotal is read).
    expect(line).toMatchObject({ subtotal: 52.47, with_tax: 57.72, title: 'Widgets (W-1)', days_left: 10, follow_up: utcDay(17), big: false, customer_level: 'gold' });
    expect(line.summary).toBe('3 × 19.99 − 12.5% = 52.47 GOLD');
    expect(line.call_at).toBe(new Date(Date.parse(line.created_at as string) + 2 * 3_600_000).toISOString());
  });

  it('are the same on GET by id and in lists', async () => {
    const line = await createRecord(t, 'order_line', { name: 'Bulk', code: 'B-7', quantity: 40, unit_price: 25, discount: 0, close_date: utcDay(-3), customer: silver.id });
    expect(line).toMatchObject({ subtotal: 1000, with_tax: 1100, big: true, days_left: -3, customer_level: 'silver' });
    const got = (await t.request({ method: 'GET', url: `/api/records/order_line/${line.id}` })).json() as ApiRecord;
    expect(got).toEqual(line);
    const listed = (await listAllPages(t, 'order_line', { limit: 500 })).find((r) => r.id === line.id);
    expect(listed).toEqual(line);
  });

  it('are null when what they read is empty (no NaN, no error)', async () => {
    const line = await createRecord(t, 'order_line', { name: 'Empty' });
    expect(line).toMatchObject({ subtotal: null, with_tax: null, title: 'Empty ()', days_left: null, follow_up: null, big: false, customer_level: null });
  });

  it('follow an update in its answer and afterwards, including a change made on the looked-up record', async () => {
    const line = await createRecord(t, 'order_line', { name: 'Change me', code: 'C', quantity: 2, unit_price: 10, discount: 50, customer: silver.id });
    expect(line).toMatchObject({ subtotal: 10, big: false, customer_level: 'silver' });
    const patched = await t.request({ method: 'PATCH', url: `/api/records/order_line/${line.id}`, payload: { quantity: 200, code: 'D' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ subtotal: 1000, with_tax: 1100, title: 'Change me (D)', big: true });
    const raised = await t.request({ method: 'PATCH', url: `/api/records/customer/${silver.id}`, payload: { credit: 5000 } });
    expect(raised.json()).toMatchObject({ level: 'gold' });
    const got = (await t.request({ method: 'GET', url: `/api/records/order_line/${line.id}` })).json() as ApiRecord;
    expect(got).toMatchObject({ subtotal: 1000, customer_level: 'gold' });
    await t.request({ method: 'PATCH', url: `/api/records/customer/${silver.id}`, payload: { credit: 999.99 } });
  });
});

describe('formula values in every other answer', () => {
  it('the recycle bin list, restore and owner transfer carry them', async () => {
    const line = await createRecord(t, 'order_line', { name: 'Binned', code: 'R', quantity: 5, unit_price: 2, discount: 0, customer: gold.id });
    expect((await t.request({ method: 'DELETE', url: `/api/records/order_line/${line.id}` })).statusCode).toBe(204);
    const bin = (await t.request({ method: 'GET', url: '/api/records/order_line/recycle-bin' })).json() as { items: ApiRecord[] };
    expect(bin.items.find((r) => r.id === line.id)).toMatchObject({ subtotal: 10, title: 'Binned (R)', customer_level: 'gold' });
    const restored = await t.request({ method: 'POST', url: `/api/records/order_line/${line.id}/restore` });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ subtotal: 10, with_tax: 11, customer_level: 'gold' });
    const transferred = await t.request({ method: 'POST', url: '/api/records/order_line/transfer', payload: { ids: [line.id], owner_id: line.owner_id } });
    expect(transferred.statusCode, transferred.body).toBe(200);
    expect((transferred.json() as { items: ApiRecord[] }).items[0]).toMatchObject({ subtotal: 10, title: 'Binned (R)' });
  });

  it('an expanded lookup carries the looked-up record’s formulas', async () => {
    const line = await createRecord(t, 'order_line', { name: 'Expanded', quantity: 1, unit_price: 1, customer: gold.id });
    const got = await t.request({ method: 'GET', url: `/api/records/order_line?expand=customer&filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'id' }, line.id] }))}` });
    expect(got.statusCode, got.body).toBe(200);
    expect((got.json() as { items: ApiRecord[] }).items[0]?.customer).toMatchObject({ id: gold.id, level: 'gold' });
  });
});

describe('JavaScript and SQL agree', () => {
  it('formulaValues over each record as the API returns it (its lookup expanded) gives the values PostgreSQL gave', async () => {
    const amounts = [0, 0.005, 0.015, 1.005, 2.675, 19.99, 33.33, 1234.565, 99999.99];
    for (const [i, price] of amounts.entries()) {
      await createRecord(t, 'order_line', { name: `P${i}`, code: i % 2 ? null : `c${i}`, quantity: (i * 7) % 11, unit_price: price, discount: (i * 13) % 100, close_date: utcDay(i - 4), customer: i % 3 === 0 ? null : i % 3 === 1 ? gold.id : silver.id });
    }
    const model = await t.engine.models.get(t.tenant.slug);
    const object = model.objects.get('order_line');
    const customer = model.objects.get('customer');
    if (!object || !customer) throw new Error('objects missing');
    const customers = new Map((await listAllPages(t, 'customer', { limit: 500 })).map((c) => [c.id, c]));
    const lines = await listAllPages(t, 'order_line', { limit: 500 });
    expect(lines.length).toBeGreaterThan(amounts.length);
    const ctx = { now: new Date(), timeZone: 'UTC' };
    for (const line of lines) {
      const looked = typeof line.customer === 'string' ? customers.get(line.customer) : undefined;
      // The customer's own formula, computed in JavaScript too.
      const expanded = looked ? { ...looked, ...formulaValues(customer, looked, { operators: model.operators, ctx }) } : null;
      const inJs = formulaValues(object, { ...line, customer: expanded }, { operators: model.operators, ctx });
      const inSql = Object.fromEntries(Object.keys(inJs).map((name) => [name, line[name]]));
      expect(inJs, `${String(line.name)}`).toEqual(inSql);
    }
  });
});
