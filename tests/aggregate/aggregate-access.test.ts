import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord } from '../support/record-helpers.ts';
import { adminCreateUser, expectStatus, logIn } from '../access/helpers.ts';
import { aggregate, aggregateOk, byKey, dealData, DEAL_OBJECT, expectRefused, groupRows, payloadOf, type Deal } from './fixture.ts';

/** Aggregates and counts see only what the actor may read: their rows (data scope), their fields (403 naming a hidden one). */

let t: TestEngine;
let deals: Array<Deal & { owner: string }>;
const users: Record<string, { id: string; token: string }> = {};

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'account', label: { en: 'Account' }, fields: [{ api_name: 'industry', type: 'text' }] });
  await createObject(t, DEAL_OBJECT);
  const rights = { deal: { read: true, create: true, edit: true } };
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'rep_self', object_rights: rights, data_scopes: { deal: 'self' }, field_rights: { deal: { margin: 'none' } } } }), 201);
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'all_rows', object_rights: rights, data_scopes: { deal: 'all' } } }), 201);
  for (const [key, roles] of [['rep1', ['rep_self']], ['rep2', ['rep_self']], ['boss', ['all_rows']], ['nobody', []]] as const) {
    const password = `${key} password 1`;
    const user = await adminCreateUser(t, { email: `${key}@corp.test`, name: key, password });
    expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${user.id}`, payload: { roles } }), 200);
    users[key] = { id: user.id, token: (await logIn(t, user.email, password)).token };
  }
  const owners = [users.rep1?.id, users.rep2?.id, users.boss?.id] as string[];
  deals = dealData([], 24).map((d, i) => ({ ...d, owner: owners[i % 3] as string }));
  for (const d of deals) await createRecord(t, 'deal', { ...payloadOf(d), owner_id: d.owner });
}, 120_000);
afterAll(() => t.close());

const token = (key: string) => users[key]?.token as string;
const cents = (rows: Deal[]) => rows.reduce((n, d) => n + (d.cents ?? 0), 0);

describe('data scope', () => {
  it('a rep with scope self sums, counts and groups only their own rows', async () => {
    for (const key of ['rep1', 'rep2']) {
      const own = deals.filter((d) => d.owner === users[key]?.id);
      const body = await aggregateOk(t, 'deal', { aggregate: { group_by: ['stage'], measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }, { fn: 'count_distinct', field: 'owner_id' }] } }, token(key));
      expect(body.total).toEqual({ count: own.length, exact: true });
      const expected = groupRows(own, (d) => ({ stage: d.stage }));
      expect(body.groups).toHaveLength(expected.size);
      for (const [k, rows] of expected) expect(byKey(body).get(k), `${key} ${k}`).toEqual({ count: rows.length, sum_amount: cents(rows) / 100, count_distinct_owner_id: 1 });
    }
  });

  it('scope all and the administrator see every row', async () => {
    for (const who of [token('boss'), undefined]) {
      const body = await aggregateOk(t, 'deal', { aggregate: { measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }] } }, who);
      expect(body.groups[0]?.values).toEqual({ count: deals.length, sum_amount: cents(deals) / 100 });
    }
  });

  it('GET /count counts only the rows in scope, with the filter', async () => {
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'stage' }, 'won'] }));
    const res = await t.request({ method: 'GET', url: `/api/records/deal/count?filter=${filter}`, token: token('rep1') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ count: deals.filter((d) => d.owner === users.rep1?.id && d.stage === 'won').length, exact: true });
    const all = await t.request({ method: 'GET', url: '/api/records/deal/count', token: token('rep2') });
    expect(all.json()).toEqual({ count: deals.filter((d) => d.owner === users.rep2?.id).length, exact: true });
  });

  it('a user without the read right gets 403, for aggregates and counts', async () => {
    expectRefused(await aggregate(t, 'deal', { aggregate: { measures: [{ fn: 'count' }] } }, token('nobody')), 403, 'forbidden');
    expectRefused(await t.request({ method: 'GET', url: '/api/records/deal/count', token: token('nobody') }), 403, 'forbidden');
  });
});

describe('a hidden field cannot be aggregated (403 naming it)', () => {
  it.each([
    ['grouped by', { aggregate: { group_by: ['margin'], measures: [{ fn: 'count' }] } }],
    ['summed', { aggregate: { measures: [{ fn: 'sum', field: 'margin' }] } }],
    ['counted distinct', { aggregate: { measures: [{ fn: 'count_distinct', field: 'margin' }] } }],
    ['max of', { aggregate: { group_by: ['stage'], measures: [{ fn: 'count' }, { fn: 'max', field: 'margin', as: 'm' }] } }],
    ['filtered on', { filter: { '>': [{ var: 'margin' }, 5] }, aggregate: { measures: [{ fn: 'count' }] } }],
  ])('%s', async (_what, body) => {
    expectRefused(await aggregate(t, 'deal', body, token('rep1')), 403, 'forbidden', 'margin');
    // The administrator may.
    expect((await aggregate(t, 'deal', body)).statusCode).toBe(200);
  });

  it('nor through a formula that reads it', async () => {
    const res = await t.request({ method: 'POST', url: '/api/meta/objects/deal/fields', payload: { api_name: 'margin_x2', type: 'formula', return_type: 'number', expression: { '*': [{ var: 'margin' }, 2] } } });
    expect(res.statusCode, res.body).toBe(201);
    expectRefused(await aggregate(t, 'deal', { aggregate: { measures: [{ fn: 'sum', field: 'margin_x2' }] } }, token('rep1')), 403, 'forbidden', 'margin_x2');
    const admin = await aggregateOk(t, 'deal', { aggregate: { measures: [{ fn: 'sum', field: 'margin_x2' }] } });
    expect(admin.groups[0]?.values.sum_margin_x2).toBe(deals.length * 14);
  });

  it('nor counted through a filter on it', async () => {
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'margin' }, 7] }));
    expectRefused(await t.request({ method: 'GET', url: `/api/records/deal/count?filter=${filter}`, token: token('rep1') }), 403, 'forbidden', 'margin');
  });
});
