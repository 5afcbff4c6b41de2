import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, errorFields, problemOf, tableRows, type ApiRecord } from '../support/record-helpers.ts';

let t: TestEngine;
let first: ApiRecord;

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'lead',
    label: { en: 'Lead' },
    fields: [
      { api_name: 'email', type: 'email', unique: true },
      { api_name: 'tax_id', type: 'text', unique: true, max_length: 20 },
      { api_name: 'score', type: 'integer' },
    ],
  });
  first = await createRecord(t, 'lead', { name: 'Li Lei', email: 'li.lei@example.com', tax_id: 'CN-001', score: 1 });
});
afterAll(() => t.close());

const get = (id: string) => t.request({ method: 'GET', url: `/api/records/lead/${id}` });

describe('unique fields', () => {
  it.each([
    ['email', { name: 'Copy', email: 'li.lei@example.com', tax_id: 'CN-002' }],
    ['tax_id', { name: 'Copy', email: 'other@example.com', tax_id: 'CN-001' }],
  ])('refuses a second record with the same %s: 409 unique_violation naming the field, first record intact', async (field, payload) => {
    const before = (await tableRows(t, 'lead')).length;
    const res = await t.request({ method: 'POST', url: '/api/records/lead', payload });
    const problem = problemOf(res);
    expect([problem.status, problem.code]).toEqual([409, 'unique_violation']);
    expect(errorFields(res)).toEqual([field]);
    expect(problem.detail).not.toContain(String(payload[field as keyof typeof payload]));
    expect((await get(first.id)).json()).toEqual(first);
    expect((await tableRows(t, 'lead')).length).toBe(before);
  });

  it('refuses an update to a value another record holds, and changes nothing', async () => {
    const second = await createRecord(t, 'lead', { name: 'Han Meimei', email: 'han@example.com', tax_id: 'CN-003' });
    const res = await t.request({ method: 'PATCH', url: `/api/records/lead/${second.id}`, payload: { score: 9, tax_id: 'CN-001' } });
    expect(problemOf(res).code).toBe('unique_violation');
    expect(errorFields(res)).toEqual(['tax_id']);
    expect((await get(second.id)).json()).toEqual(second);
    expect((await get(first.id)).json()).toEqual(first);
  });

  it('allows many records without a value', async () => {
    await createRecord(t, 'lead', { name: 'No email 1' });
    await createRecord(t, 'lead', { name: 'No email 2', email: null, tax_id: '   ' });
    const empty = (await tableRows(t, 'lead')).filter((r) => r.email === null);
    expect(empty.length).toBe(2);
  });

  it('lets exactly one of many concurrent creates with the same value through', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => t.request({ method: 'POST', url: '/api/records/lead', payload: { name: `Race ${i}`, tax_id: 'RACE-1' } })));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const res of results.filter((r) => r.statusCode !== 201)) expect(problemOf(res).code).toBe('unique_violation');
  });
});
