import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createRecord, problemOf } from '../support/record-helpers.ts';
import { addRollup, createSalesModel, readRecord, patch } from './support.ts';

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
  await createSalesModel(t);
  const formula = async (field: Record<string, unknown>) => {
    const res = await t.request({ method: 'POST', url: '/api/meta/objects/payment/fields', payload: { type: 'formula', ...field } });
    expect(res.statusCode, res.body).toBe(201);
  };
  await formula({ api_name: 'net', expression: { '*': [{ var: 'amount' }, 0.9] }, return_type: 'number', scale: 2 });
  await formula({ api_name: 'is_big', expression: { '>=': [{ var: 'amount' }, 100] }, return_type: 'boolean' });
  await formula({ api_name: 'age_days', expression: { date_diff: [{ today: [] }, { var: 'paid_on' }, 'day'] }, return_type: 'number', scale: 0 });
  await formula({ api_name: 'contract_name', expression: { var: 'contract.name' }, return_type: 'text' });
});
afterAll(() => t.close());

describe('roll-ups over formula fields of the child', () => {
  it('sums a formula and filters on one, following changes of the fields the formulas read', async () => {
    await addRollup(t, 'contract', { api_name: 'net_total', type: 'rollup', child_object: 'payment', via: 'contract', function: 'sum', field: 'net' });
    await addRollup(t, 'contract', { api_name: 'big_count', type: 'rollup', child_object: 'payment', via: 'contract', function: 'count', filter: { var: 'is_big' } });
    const account = await createRecord(t, 'account', { name: 'Formula Co' });
    const contract = await createRecord(t, 'contract', { name: 'F', account: account.id });
    const small = await createRecord(t, 'payment', { name: 'small', contract: contract.id, amount: 50 });
    await createRecord(t, 'payment', { name: 'big', contract: contract.id, amount: 200 });
    expect(await readRecord(t, 'contract', contract.id)).toMatchObject({ net_total: 225, big_count: 1 });
    await patch(t, 'payment', small.id, { amount: 150 });
    expect(await readRecord(t, 'contract', contract.id)).toMatchObject({ net_total: 315, big_count: 2 });
  });

  it('refuses a formula that follows the clock or reads another record, naming the setting', async () => {
    const clock = await t.request({ method: 'POST', url: '/api/meta/objects/contract/fields', payload: { api_name: 'oldest', type: 'rollup', child_object: 'payment', via: 'contract', function: 'max', field: 'age_days' } });
    expect(problemOf(clock).status).toBe(422);
    expect((problemOf(clock).errors ?? []).map((e) => e.field)).toEqual(['fields.oldest.field']);
    const other = await t.request({
      method: 'POST',
      url: '/api/meta/objects/contract/fields',
      payload: { api_name: 'named', type: 'rollup', child_object: 'payment', via: 'contract', function: 'count', filter: { '==': [{ var: 'contract_name' }, 'F'] } },
    });
    expect(problemOf(other).status).toBe(422);
    expect((problemOf(other).errors ?? []).map((e) => e.field)).toEqual(['fields.named.filter']);
  });
});
