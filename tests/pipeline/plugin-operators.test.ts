import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf } from '../support/record-helpers.ts';
import { doubleOperator } from '../support/plugin-operator.ts';
import { json } from './helpers.ts';

/**
 * Rules in the metadata are checked and run against the engine's own operator registry, so an operation
 * a plugin registers works in validation rules, formulas, layouts, list views and roll-up filters alike —
 * and the fields it reads count as read (which rules run, which roll-ups a write recomputes).
 */

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
  t.engine.operators.register(doubleOperator);
});
afterAll(() => t.close());

const rec = (res: { json(): unknown }) => res.json() as Record<string, unknown> & { id: string };
const shopTotals = async (id: string) => rec(await t.request({ method: 'GET', url: `/api/records/shop/${id}` }));

describe('an operation a plugin registers', () => {
  it('is accepted in every kind of rule an object definition holds', async () => {
    await createObject(t, { api_name: 'shop', label: { en: 'Shop' } });
    const res = await t.request({
      method: 'POST',
      url: '/api/meta/objects',
      payload: {
        api_name: 'gadget',
        label: { en: 'Gadget' },
        fields: [
          { api_name: 'name', type: 'text' },
          { api_name: 'price', type: 'integer' },
          { api_name: 'cost', type: 'integer' },
          { api_name: 'shop', type: 'lookup', target: 'shop', on_delete: 'set_null' },
          { api_name: 'double_margin', type: 'formula', return_type: 'number', scale: 0, expression: { double: { '-': [{ var: 'price' }, { var: 'cost' }] } } },
        ],
        validation_rules: [
          { api_name: 'price_covers_twice_cost', condition: { '<': [{ var: 'price' }, { double: { var: 'cost' } }] }, message: { en: 'The price must be at least twice the cost' }, field: 'price', active: true },
        ],
        layouts: [{ api_name: 'main', label: { en: 'Main' }, sections: [{ label: { en: 'S' }, fields: [{ field: 'name' }, { field: 'price', visible_if: { '>': [{ double: { var: 'cost' } }, 0] } }] }] }],
        list_views: [{ api_name: 'dear', label: { en: 'Dear' }, columns: ['name', 'price'], filter: { '>': [{ double: { var: 'price' } }, 100] } }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const rollup = await t.request({
      method: 'POST',
      url: '/api/meta/objects/shop/fields',
      payload: { api_name: 'cheap_stock', type: 'rollup', child_object: 'gadget', via: 'shop', function: 'sum', field: 'price', filter: { '<': [{ double: { var: 'cost' } }, 20] } },
    });
    expect(rollup.statusCode, rollup.body).toBe(201);
  });

  it('runs in the save pipeline: the rule refuses, the formula computes', async () => {
    const refused = await t.request({ method: 'POST', url: '/api/records/gadget', payload: { name: 'Lamp', price: 10, cost: 6 } });
    expect(refused.statusCode).toBe(422);
    expect(problemOf(refused).errors?.map((e) => e.field)).toEqual(['price']);
    const saved = await createRecord(t, 'gadget', { name: 'Lamp', price: 30, cost: 6 });
    expect(saved.double_margin).toBe(48);
    // Changing only the field the rule reads through the operation still runs the rule.
    const patched = await t.request({ method: 'PATCH', url: `/api/records/gadget/${saved.id}`, payload: { cost: 20 } });
    expect(patched.statusCode).toBe(422);
    expect(problemOf(patched).errors?.map((e) => e.field)).toEqual(['price']);
  });

  it('keeps a roll-up filtered through it in step when only the field it reads changes', async () => {
    const shop = await createRecord(t, 'shop', { name: 'Shop' });
    const pen = await createRecord(t, 'gadget', { name: 'Pen', price: 40, cost: 5, shop: shop.id });
    await createRecord(t, 'gadget', { name: 'Desk', price: 300, cost: 100, shop: shop.id });
    expect((await shopTotals(shop.id)).cheap_stock).toBe(40);
    // 2 × 12 is not under 20: the pen leaves the filter though only its cost changed.
    json(await t.request({ method: 'PATCH', url: `/api/records/gadget/${pen.id}`, payload: { cost: 12 } }), 200);
    expect((await shopTotals(shop.id)).cheap_stock).toBe(0);
  });
});

describe('a roll-up filter using missing', () => {
  it('is recomputed when only the field it names as missing changes', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/meta/objects/shop/fields',
      payload: { api_name: 'costed_stock', type: 'rollup', child_object: 'gadget', via: 'shop', function: 'sum', field: 'price', filter: { '!': { missing: ['cost'] } } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const shop = await createRecord(t, 'shop', { name: 'Shop' });
    const gadget = await createRecord(t, 'gadget', { name: 'Cup', price: 8, shop: shop.id });
    expect((await shopTotals(shop.id)).costed_stock).toBe(0);
    json(await t.request({ method: 'PATCH', url: `/api/records/gadget/${gadget.id}`, payload: { cost: 2 } }), 200);
    expect((await shopTotals(shop.id)).costed_stock).toBe(8);
  });
});
