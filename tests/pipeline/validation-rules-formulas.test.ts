import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf } from '../support/record-helpers.ts';
import { json } from './helpers.ts';

/** A validation rule that reads a formula field sees the formula's value for the record as it will be. */

let t: TestEngine;

const codes = (res: Parameters<typeof problemOf>[0]) => (problemOf(res).errors ?? []).map((e) => e.code);

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'contract',
    label: 'Contract',
    fields: [
      { api_name: 'amount', type: 'integer' },
      { api_name: 'spent', type: 'integer' },
      { api_name: 'remaining', type: 'formula', return_type: 'number', expression: { '-': [{ var: 'amount' }, { var: 'spent' }] } },
    ],
  });
  await createObject(t, {
    api_name: 'purchase',
    label: 'Order',
    fields: [
      { api_name: 'quantity', type: 'integer' },
      { api_name: 'price', type: 'decimal', precision: 12, scale: 2 },
      { api_name: 'total', type: 'formula', return_type: 'number', expression: { '*': [{ var: 'quantity' }, { var: 'price' }] } },
      { api_name: 'contract', type: 'lookup', target: 'contract', on_delete: 'set_null' },
    ],
    validation_rules: [
      { api_name: 'total_cap', condition: { '>': [{ var: 'total' }, 1000] }, message: { en: 'An order is at most 1000' }, field: 'quantity', active: true },
      {
        api_name: 'within_budget',
        condition: { and: [{ '!=': [{ var: 'contract.remaining' }, null] }, { '>': [{ var: 'total' }, { var: 'contract.remaining' }] }] },
        message: { en: 'The contract has not enough left' },
        active: true,
      },
    ],
  });
}, 120_000);
afterAll(() => t.close());

describe('formulas in validation rules', () => {
  it('a formula of the record is computed from the values being saved', async () => {
    expect(codes(await t.request({ method: 'POST', url: '/api/records/purchase', payload: { name: 'big', quantity: 11, price: 100 } }))).toEqual(['total_cap']);
    const order = await createRecord(t, 'purchase', { name: 'ok', quantity: 10, price: 100 });
    expect(codes(await t.request({ method: 'PATCH', url: `/api/records/purchase/${order.id}`, payload: { price: 100.01 } }))).toEqual(['total_cap']);
    expect(json(await t.request({ method: 'PATCH', url: `/api/records/purchase/${order.id}`, payload: { quantity: 5 } }), 200)).toMatchObject({ quantity: 5 });
  });

  it('a formula of a looked-up record is computed from that record', async () => {
    const contract = await createRecord(t, 'contract', { name: 'c', amount: 500, spent: 450 });
    expect(codes(await t.request({ method: 'POST', url: '/api/records/purchase', payload: { name: 'too much', quantity: 1, price: 60, contract: contract.id } }))).toEqual(['within_budget']);
    expect((await t.request({ method: 'POST', url: '/api/records/purchase', payload: { name: 'fits', quantity: 1, price: 50, contract: contract.id } })).statusCode).toBe(201);
  });
});
