import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, tableRows, type ApiRecord } from '../support/record-helpers.ts';
import { dateIn, json, makeUser, type PipelineUser } from './helpers.ts';

/** Validation rules run in the save pipeline: after system validation, on the record as it will be, every failure at once. */

let t: TestEngine;
let zhAdmin: PipelineUser;
let account: ApiRecord;
let blocked: ApiRecord;
let contract: ApiRecord;
let blockedContract: ApiRecord;

const msg = (en: string, zh?: string) => (zh ? { en, 'zh-CN': zh } : { en });
const RULES = [
  {
    api_name: 'discount_needs_approval',
    condition: { and: [{ '>': [{ var: 'discount' }, 20] }, { '!': { var: 'approved' } }] },
    message: msg('A discount over 20 needs approval', '折扣超过20需要审批'),
    field: 'discount',
    active: true,
  },
  {
    api_name: 'closed_needs_date',
    condition: { and: [{ '==': [{ var: 'stage' }, 'closed'] }, { '==': [{ var: 'close_date' }, null] }] },
    message: msg('A closed deal needs its close date', '已成交的商机需要成交日期'),
    field: 'close_date',
    active: true,
  },
  {
    api_name: 'within_contract',
    condition: { and: [{ var: 'contract.amount' }, { '>': [{ var: 'amount' }, { var: 'contract.amount' }] }] },
    message: msg('The amount is above the contract amount', '金额超过合同金额'),
    field: 'amount',
    active: true,
  },
  {
    api_name: 'blocked_account',
    condition: { '==': [{ var: 'contract.account.tier' }, 'blocked'] },
    message: msg('The account of this contract is blocked'),
    active: true,
  },
  {
    api_name: 'no_reopen',
    condition: { and: [{ '==': [{ prior: 'stage' }, 'closed'] }, { changed: 'stage' }] },
    message: msg('A closed deal cannot be reopened', '已成交的商机不能重新打开'),
    field: 'stage',
    active: true,
  },
  {
    api_name: 'close_date_not_past',
    condition: { and: [{ changed: 'close_date' }, { '<': [{ var: 'close_date' }, { today: [] }] }] },
    message: msg('The close date is in the past', '成交日期已过'),
    field: 'close_date',
    active: true,
  },
  { api_name: 'never', condition: true, message: msg('An inactive rule never runs'), active: false },
];

const post = (payload: unknown, token?: string) => t.request({ method: 'POST', url: '/api/records/deal', payload: payload as Record<string, unknown>, token });
const patch = (id: string, payload: Record<string, unknown>, token?: string) => t.request({ method: 'PATCH', url: `/api/records/deal/${id}`, payload, token });
const errorsOf = (res: Parameters<typeof problemOf>[0]) => (problemOf(res).errors ?? []).map((e) => ({ field: e.field, code: e.code, message: e.message }));
const codes = (res: Parameters<typeof problemOf>[0]) => (problemOf(res).errors ?? []).map((e) => e.code).sort();

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'account', label: 'Account', fields: [{ api_name: 'tier', type: 'text' }] });
  await createObject(t, {
    api_name: 'contract',
    label: 'Contract',
    fields: [
      { api_name: 'amount', type: 'integer' },
      { api_name: 'account', type: 'lookup', target: 'account', on_delete: 'set_null' },
    ],
  });
  await createObject(t, {
    api_name: 'deal',
    label: 'Deal',
    fields: [
      { api_name: 'stage', type: 'text' },
      { api_name: 'discount', type: 'integer' },
      { api_name: 'amount', type: 'integer', min: 0 },
      { api_name: 'approved', type: 'boolean' },
      { api_name: 'close_date', type: 'date' },
      { api_name: 'contract', type: 'lookup', target: 'contract', on_delete: 'set_null' },
    ],
    validation_rules: RULES,
  });
  account = await createRecord(t, 'account', { name: 'Good', tier: 'gold' });
  blocked = await createRecord(t, 'account', { name: 'Bad', tier: 'blocked' });
  contract = await createRecord(t, 'contract', { name: 'C1', amount: 100, account: account.id });
  blockedContract = await createRecord(t, 'contract', { name: 'C2', amount: 1000, account: blocked.id });
  zhAdmin = await makeUser(t, { locale: 'zh-CN' });
}, 120_000);
afterAll(() => t.close());

describe('on create', () => {
  it('a valid record is saved', async () => {
    const res = await post({ name: 'ok', stage: 'open', discount: 10, amount: 50, contract: contract.id });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('reports every failing rule at once, in the actor’s language, and writes nothing', async () => {
    const before = (await tableRows(t, 'deal')).length;
    const res = await post({ name: 'bad', stage: 'closed', discount: 30, amount: 500, contract: contract.id });
    expect(res.statusCode).toBe(422);
    expect(problemOf(res).code).toBe('validation_failed');
    expect(errorsOf(res)).toEqual([
      { field: 'discount', code: 'discount_needs_approval', message: 'A discount over 20 needs approval' },
      { field: 'close_date', code: 'closed_needs_date', message: 'A closed deal needs its close date' },
      { field: 'amount', code: 'within_contract', message: 'The amount is above the contract amount' },
    ]);
    const zh = await post({ name: 'bad', stage: 'closed', discount: 30 }, zhAdmin.token);
    expect(errorsOf(zh).map((e) => e.message)).toEqual(['折扣超过20需要审批', '已成交的商机需要成交日期']);
    expect((await tableRows(t, 'deal')).length).toBe(before);
  });

  it('a message only in English is shown to a zh-CN user in English', async () => {
    const res = await post({ name: 'b', contract: blockedContract.id }, zhAdmin.token);
    expect(errorsOf(res)).toEqual([{ field: 'record', code: 'blocked_account', message: 'The account of this contract is blocked' }]);
  });

  it('rules see the whole record, fields the input did not name included', async () => {
    expect((await post({ name: 'approved', discount: 30, approved: true })).statusCode).toBe(201);
    expect(codes(await post({ name: 'not approved', discount: 30 }))).toEqual(['discount_needs_approval']);
  });

  it('lookups are read from the database, two levels deep, as they are now', async () => {
    expect(codes(await post({ name: 'over', amount: 101, contract: contract.id }))).toEqual(['within_contract']);
    expect((await post({ name: 'at cap', amount: 100, contract: contract.id })).statusCode).toBe(201);
    expect(codes(await post({ name: 'blocked', amount: 1, contract: blockedContract.id }))).toEqual(['blocked_account']);
    // The parent changes: the rule follows.
    json(await t.request({ method: 'PATCH', url: `/api/records/contract/${contract.id}`, payload: { amount: 200 } }), 200);
    expect((await post({ name: 'raised cap', amount: 150, contract: contract.id })).statusCode).toBe(201);
    json(await t.request({ method: 'PATCH', url: `/api/records/account/${blocked.id}`, payload: { tier: 'silver' } }), 200);
    expect((await post({ name: 'unblocked', amount: 1, contract: blockedContract.id })).statusCode).toBe(201);
    json(await t.request({ method: 'PATCH', url: `/api/records/account/${blocked.id}`, payload: { tier: 'blocked' } }), 200);
    json(await t.request({ method: 'PATCH', url: `/api/records/contract/${contract.id}`, payload: { amount: 100 } }), 200);
  });

  it('comes together with system validation’s errors; rules reading a refused field wait', async () => {
    const res = await post({ name: 'mixed', stage: 'closed', discount: 30, amount: -5, contract: contract.id, ghost: 1 });
    expect(res.statusCode).toBe(422);
    const errors = errorsOf(res);
    // System validation first (amount below min, unknown field), then the rules that could run.
    expect(errors.map((e) => e.field).sort()).toEqual(['amount', 'close_date', 'discount', 'ghost']);
    expect(errors.find((e) => e.field === 'amount')?.code).not.toBe('within_contract');
    expect(errors.filter((e) => e.code === 'discount_needs_approval' || e.code === 'closed_needs_date')).toHaveLength(2);
  });

  it('an inactive rule is skipped', async () => {
    // `never` has condition true: were it run, every save would fail.
    expect((await post({ name: 'plain' })).statusCode).toBe(201);
  });

  it('a body that is not an object is refused by system validation alone', async () => {
    const res = await t.request({ method: 'POST', url: '/api/records/deal', payload: '[1]', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res).map((e) => e.field)).toEqual(['body']);
  });
});

describe('on update', () => {
  let closed: ApiRecord;

  beforeAll(async () => {
    closed = await createRecord(t, 'deal', { name: 'closed one', stage: 'closed', close_date: dateIn('UTC', 30), discount: 5 });
  });

  it('prior and changed see the record before the change; nothing is written when a rule fails', async () => {
    const res = await patch(closed.id, { stage: 'open' });
    expect(errorsOf(res)).toEqual([{ field: 'stage', code: 'no_reopen', message: 'A closed deal cannot be reopened' }]);
    const after = json<ApiRecord>(await t.request({ method: 'GET', url: `/api/records/deal/${closed.id}` }), 200);
    expect(after).toMatchObject({ stage: 'closed', version: closed.version });
    // Changing something else leaves stage unchanged: the rule does not fire.
    expect(json<ApiRecord>(await patch(closed.id, { discount: 6 }), 200).discount).toBe(6);
  });

  it('the record as it will be: stored values and the change together', async () => {
    const res = await patch(closed.id, { discount: 40, close_date: null });
    expect(codes(res)).toEqual(['closed_needs_date', 'discount_needs_approval']);
    expect(json<ApiRecord>(await patch(closed.id, { approved: true }), 200).approved).toBe(true);
    expect(json<ApiRecord>(await patch(closed.id, { discount: 40 }), 200).discount).toBe(40);
  });

  it('an invalid payload on a record the actor cannot see is still a plain 422, and a valid one a 404', async () => {
    const missing = '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192';
    const res = await patch(missing, { discount: 'many' });
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res).map((e) => e.field)).toEqual(['discount']);
    expect(problemOf(await patch(missing, { discount: 1 }))).toMatchObject({ status: 404, code: 'record_not_found' });
  });

  it('today is the actor’s today (their time zone)', async () => {
    // A date that is today in Pago Pago (UTC−11) is already past in Kiritimati (UTC+14).
    const east = await makeUser(t, { time_zone: 'Pacific/Kiritimati' });
    const west = await makeUser(t, { time_zone: 'Pacific/Pago_Pago' });
    const record = await createRecord(t, 'deal', { name: 'tz' });
    const date = dateIn('Pacific/Pago_Pago');
    expect(codes(await patch(record.id, { close_date: date }, east.token))).toEqual(['close_date_not_past']);
    expect(json<ApiRecord>(await patch(record.id, { close_date: date }, west.token), 200).close_date).toBe(date);
  });
});

describe('one transaction', () => {
  it('a refused create does not use up an autonumber', async () => {
    await createObject(t, {
      api_name: 'invoice',
      label: 'Invoice',
      fields: [
        { api_name: 'number', type: 'autonumber', pattern: 'INV-{000}' },
        { api_name: 'total', type: 'integer' },
      ],
      validation_rules: [{ api_name: 'positive', condition: { '<=': [{ var: 'total' }, 0] }, message: { en: 'The total must be positive' }, field: 'total', active: true }],
    });
    expect(codes(await t.request({ method: 'POST', url: '/api/records/invoice', payload: { name: 'x', total: 0 } }))).toEqual(['positive']);
    const first = await createRecord(t, 'invoice', { name: 'a', total: 5 });
    expect(first.number).toBe('INV-001');
  });
});
