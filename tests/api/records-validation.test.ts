import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, errorFields, problemOf, tableRows } from '../support/record-helpers.ts';

let t: TestEngine;
let accountId: string;

const picklistValues = [
  { value: 'new', label: { en: 'New' } },
  { value: 'won', label: { en: 'Won' } },
  { value: 'old', label: { en: 'Old' }, active: false },
];

/** One field of every writable built-in type. */
const contact = {
  api_name: 'contact',
  label: { en: 'Contact' },
  fields: [
    { api_name: 'nickname', type: 'text', max_length: 10 },
    { api_name: 'notes', type: 'long_text', max_length: 50 },
    { api_name: 'bio', type: 'rich_text' },
    { api_name: 'email', type: 'email', required: true },
    { api_name: 'phone', type: 'phone' },
    { api_name: 'site', type: 'url' },
    { api_name: 'age', type: 'integer', min: 0, max: 150 },
    { api_name: 'score', type: 'decimal', precision: 5, scale: 2 },
    { api_name: 'budget', type: 'currency', currencies: ['CNY', 'USD'] },
    { api_name: 'rate', type: 'percent' },
    { api_name: 'vip', type: 'boolean' },
    { api_name: 'born', type: 'date' },
    { api_name: 'met_at', type: 'datetime' },
    { api_name: 'stage', type: 'picklist', values: picklistValues },
    { api_name: 'channels', type: 'multi_picklist', values: picklistValues },
    { api_name: 'account', type: 'lookup', target: 'account', on_delete: 'set_null' },
    { api_name: 'manager', type: 'user' },
    { api_name: 'extra', type: 'json' },
    { api_name: 'code', type: 'autonumber', pattern: 'C-{0000}' },
  ],
};

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'account', label: { en: 'Account' } });
  await createObject(t, contact);
  accountId = (await createRecord(t, 'account', { name: 'Acme' })).id;
});
afterAll(() => t.close());

const post = (payload: unknown) => t.request({ method: 'POST', url: '/api/records/contact', payload: payload as Record<string, unknown> });
const contactCount = async () => (await tableRows(t, 'contact')).length;

const good = () => ({
  name: 'Li Lei',
  nickname: 'Lei',
  notes: 'Met at the fair',
  bio: '<p>Buyer</p>',
  email: 'li.lei@example.com',
  phone: '+86 138 0013 8000',
  site: 'https://example.com',
  age: 41,
  score: 12.5,
  budget: { amount: 1000, currency: 'USD' },
  rate: 12.5,
  vip: true,
  born: '1985-02-28',
  met_at: '2026-03-01T09:30:00+08:00',
  stage: 'won',
  channels: ['new', 'won'],
  account: accountId,
  manager: null,
  extra: { any: ['json', 1] },
});

describe('record validation', () => {
  it('accepts a good record of every type (the baseline the refusals below differ from)', async () => {
    const record = await createRecord(t, 'contact', good());
    expect(record).toMatchObject({ name: 'Li Lei', score: 12.5, budget: { amount: 1000, currency: 'USD' }, met_at: '2026-03-01T01:30:00.000Z', account: accountId, code: 'C-0001' });
  });

  it('reports every field error at once with 422 validation_failed and inserts nothing', async () => {
    const before = await contactCount();
    const res = await post({ age: 'forty', unknown_field: 1, stage: 'lost', nickname: 'x'.repeat(11), vip: 'yes' });
    const problem = problemOf(res);
    expect([problem.status, problem.code]).toEqual([422, 'validation_failed']);
    expect(errorFields(res)).toEqual(['age', 'email', 'name', 'nickname', 'stage', 'unknown_field', 'vip']);
    const byField = new Map((problem.errors ?? []).map((e) => [e.field, e]));
    expect(byField.get('name')).toMatchObject({ message: 'is required', code: 'required' });
    expect(byField.get('email')).toMatchObject({ code: 'required' });
    expect(byField.get('unknown_field')).toMatchObject({ code: 'unknown_field' });
    for (const error of problem.errors ?? []) expect(error.message).toEqual(expect.any(String));
    expect(await contactCount()).toBe(before);
  });

  it('refuses a body that is not an object of field values', async () => {
    for (const body of [[good()], 'Li Lei', 42]) {
      const res = await t.request({ method: 'POST', url: '/api/records/contact', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(422);
      expect(problemOf(res).code).toBe('validation_failed');
    }
  });

  it('refuses values for generated and system fields it owns', async () => {
    const res = await post({ ...good(), code: 'C-9999', id: '01900000-0000-7000-8000-000000000000', version: 7 });
    expect(res.statusCode).toBe(422);
    expect(errorFields(res)).toEqual(expect.arrayContaining(['id', 'version']));
  });

  const wrongValues: Array<[string, unknown]> = [
    ['nickname', 42],
    ['nickname', 'x'.repeat(11)],
    ['nickname', ['Lei']],
    ['notes', { text: 'a' }],
    ['notes', 'x'.repeat(51)],
    ['bio', 7],
    ['email', 'not-an-email'],
    ['email', null],
    ['phone', 13800138000],
    ['phone', 'call me'],
    ['site', 'javascript:alert(1)'],
    ['site', 'example.com'],
    ['age', '41'],
    ['age', 4.5],
    ['age', 151],
    ['age', true],
    ['score', '12.50'],
    ['score', 1000],
    ['budget', 1000],
    ['budget', { amount: 1, currency: 'GBP' }],
    ['budget', { amount: '1', currency: 'USD' }],
    ['rate', '50%'],
    ['vip', 'true'],
    ['vip', 1],
    ['born', '2025-02-30'],
    ['born', '2026-03-01T00:00:00Z'],
    ['born', 20260301],
    ['met_at', '2026-03-01T09:30:00'],
    ['met_at', 1767225600000],
    ['stage', 'lost'],
    ['stage', 'old'],
    ['stage', ['won']],
    ['channels', 'won'],
    ['channels', ['won', 'lost']],
    ['account', 'acme'],
    ['account', 42],
    ['manager', 'admin'],
    ['name', null],
    ['name', ''],
    ['name', '   '],
    ['email', ''],
  ];

  it.each(wrongValues)('refuses %s = %j with one error naming that field, and inserts nothing', async (field, value) => {
    const before = await contactCount();
    const res = await post({ ...good(), [field]: value });
    expect(res.statusCode).toBe(422);
    expect(problemOf(res).code).toBe('validation_failed');
    expect(errorFields(res)).toEqual([field]);
    expect(await contactCount()).toBe(before);
  });

  it('checks PATCH bodies the same way, a blank required value among the errors, and changes nothing', async () => {
    const record = await createRecord(t, 'contact', good());
    const res = await t.request({ method: 'PATCH', url: `/api/records/contact/${record.id}`, payload: { age: -1, vip: 'no', nope: true, name: '  ' } });
    expect(res.statusCode).toBe(422);
    expect(errorFields(res)).toEqual(['age', 'name', 'nope', 'vip']);
    const after = await t.request({ method: 'GET', url: `/api/records/contact/${record.id}` });
    expect(after.json()).toEqual(record);
  });
});
