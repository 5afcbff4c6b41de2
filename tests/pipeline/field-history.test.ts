import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, type ApiRecord } from '../support/record-helpers.ts';
import { json, makeRole, makeUser, type PipelineUser } from './helpers.ts';

/** Field history: one entry per audited field an update changed, written with the change; read back newest first. */

interface Entry {
  field: string;
  old_value: unknown;
  new_value: unknown;
  actor: { id: string; name: string } | null;
  at: string;
}
interface HistoryPage {
  items: Entry[];
  next_cursor: string | null;
}

let t: TestEngine;
let adminId: string;
let masked: PipelineUser;
let selfOnly: PipelineUser;

const history = (id: string, query = '', token?: string) => t.request({ method: 'GET', url: `/api/records/deal/${id}/history${query}`, token });
const patch = (id: string, payload: Record<string, unknown>, token?: string) => t.request({ method: 'PATCH', url: `/api/records/deal/${id}`, payload, token });
const historyRows = async () =>
  Number((await t.engine.knex.raw<{ rows: Array<{ n: number }> }>(`select count(*)::int as n from ${qualify(t.tenant.schema, '_field_history')}`)).rows[0]?.n);

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, {
    api_name: 'deal',
    label: 'Deal',
    fields: [
      { api_name: 'stage', type: 'text', audited: true },
      { api_name: 'amount', type: 'integer', audited: true },
      { api_name: 'budget', type: 'currency', currencies: ['CNY', 'USD'], audited: true },
      { api_name: 'code', type: 'text', unique: true, audited: true },
      { api_name: 'note', type: 'text' },
    ],
    validation_rules: [{ api_name: 'no_lost', condition: { '==': [{ var: 'stage' }, 'lost'] }, message: { en: 'Use the close flow' }, field: 'stage', active: true }],
  });
  adminId = json<{ id: string }>(await t.request({ method: 'GET', url: '/api/auth/me' }), 200).id;
  await makeRole(t, { api_name: 'no_amount', object_rights: { deal: { edit: true } }, data_scopes: { deal: 'all' }, field_rights: { deal: { amount: 'none' } } });
  await makeRole(t, { api_name: 'own_deals', object_rights: { deal: { edit: true, create: true } }, data_scopes: { deal: 'self' } });
  masked = await makeUser(t, { roles: ['no_amount'], name: 'Masked Mia' });
  selfOnly = await makeUser(t, { roles: ['own_deals'] });
}, 120_000);
afterAll(() => t.close());

describe('writing', () => {
  it('a create records nothing; an update records each audited field it changed, with who and when', async () => {
    const deal = await createRecord(t, 'deal', { name: 'd1', stage: 'new', amount: 10, note: 'a' });
    expect(json<HistoryPage>(await history(deal.id), 200)).toEqual({ items: [], next_cursor: null });
    const started = Date.now();
    json(await patch(deal.id, { stage: 'won', amount: 20, note: 'b', budget: { amount: 5, currency: 'USD' } }), 200);
    const page = json<HistoryPage>(await history(deal.id), 200);
    expect(page.items.map(({ at: _at, ...e }) => e).sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { field: 'amount', old_value: 10, new_value: 20, actor: { id: adminId, name: 'Admin' } },
      { field: 'budget', old_value: null, new_value: { amount: 5, currency: 'USD' }, actor: { id: adminId, name: 'Admin' } },
      { field: 'stage', old_value: 'new', new_value: 'won', actor: { id: adminId, name: 'Admin' } },
    ]);
    for (const entry of page.items) expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(started - 1000);
  });

  it('an update that leaves a value as it was records nothing for it', async () => {
    const deal = await createRecord(t, 'deal', { name: 'd2', stage: 'new', amount: 1 });
    json(await patch(deal.id, { stage: 'new', amount: 2 }), 200);
    expect(json<HistoryPage>(await history(deal.id), 200).items.map((e) => e.field)).toEqual(['amount']);
  });

  it('nothing is recorded when the update is refused — by a rule or by the database', async () => {
    const first = await createRecord(t, 'deal', { name: 'd3', stage: 'new', code: 'A' });
    const second = await createRecord(t, 'deal', { name: 'd4', stage: 'new', code: 'B' });
    const before = await historyRows();
    expect(problemOf(await patch(first.id, { stage: 'lost', amount: 3 })).code).toBe('validation_failed');
    expect(problemOf(await patch(second.id, { code: 'A', amount: 4 })).code).toBe('unique_violation');
    expect(await historyRows()).toBe(before);
    expect(json<ApiRecord>(await t.request({ method: 'GET', url: `/api/records/deal/${second.id}` }), 200)).toMatchObject({ code: 'B', amount: null });
  });
});

describe('concurrency', () => {
  it('two updates of the same version in parallel: one wins, and only its change is in the history', async () => {
    const deal = await createRecord(t, 'deal', { name: 'race', stage: 'new' });
    const [a, b] = await Promise.all(
      ['left', 'right'].map((stage) => t.request({ method: 'PATCH', url: `/api/records/deal/${deal.id}`, payload: { stage }, headers: { 'if-match': `"${deal.version}"` } })),
    );
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 412]);
    const winner = (a?.statusCode === 200 ? a : b)?.json() as ApiRecord;
    const items = json<HistoryPage>(await history(deal.id), 200).items;
    expect(items.map(({ field, old_value, new_value }) => ({ field, old_value, new_value }))).toEqual([{ field: 'stage', old_value: 'new', new_value: winner.stage }]);
  });
});

describe('reading', () => {
  let deal: ApiRecord;

  beforeAll(async () => {
    deal = await createRecord(t, 'deal', { name: 'paged', stage: 's0', amount: 0 });
    for (let i = 1; i <= 3; i += 1) json(await patch(deal.id, { stage: `s${i}`, amount: i }), 200);
  });

  it('newest first, paged with a cursor, nothing skipped or repeated', async () => {
    const all = json<HistoryPage>(await history(deal.id), 200).items;
    expect(all).toHaveLength(6);
    expect(all.filter((e) => e.field === 'stage').map((e) => e.new_value)).toEqual(['s3', 's2', 's1']);
    const walked: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: HistoryPage = json<HistoryPage>(await history(deal.id, `?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), 200);
      walked.push(...page.items);
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(walked).toEqual(all);
  });

  it('entries of fields the reader may not read are left out', async () => {
    const items = json<HistoryPage>(await history(deal.id, '', masked.token), 200).items;
    expect(items.map((e) => e.field)).toEqual(['stage', 'stage', 'stage']);
    expect(JSON.stringify(items)).not.toContain('"amount"');
  });

  it('the actor is the user who changed the record', async () => {
    json(await patch(deal.id, { stage: 'by mia' }, masked.token), 200);
    expect(json<HistoryPage>(await history(deal.id, '?limit=1'), 200).items[0]).toMatchObject({ field: 'stage', new_value: 'by mia', actor: { id: masked.id, name: 'Masked Mia' } });
  });

  it('a record the reader cannot see is 404, as is one that does not exist', async () => {
    expect(problemOf(await history(deal.id, '', selfOnly.token))).toMatchObject({ status: 404, code: 'record_not_found' });
    expect(problemOf(await history('0190f5a4-7c1e-7d2a-9b3c-4d5e6f708192'))).toMatchObject({ status: 404, code: 'record_not_found' });
    expect(problemOf(await history('not-an-id'))).toMatchObject({ status: 404, code: 'record_not_found' });
    expect(problemOf(await t.request({ method: 'GET', url: `/api/records/nothing/${deal.id}/history` }))).toMatchObject({ status: 404, code: 'object_not_found' });
  });

  it('bad paging parameters are 400', async () => {
    for (const query of ['?limit=0', '?limit=201', '?limit=abc', '?cursor=garbage', `?cursor=${Buffer.from('["2026-01-01T00:00:00.000000","x"]').toString('base64url')}`, '?other=1']) {
      const problem = problemOf(await history(deal.id, query));
      expect(problem.status, query).toBe(400);
      expect(['invalid_parameter', 'invalid_cursor'], query).toContain(problem.code);
    }
  });

  it('a binned record has no history to show (404) until restored', async () => {
    const binned = await createRecord(t, 'deal', { name: 'bin', stage: 'a' });
    json(await patch(binned.id, { stage: 'b' }), 200);
    expect((await t.request({ method: 'DELETE', url: `/api/records/deal/${binned.id}` })).statusCode).toBe(204);
    expect(problemOf(await history(binned.id)).status).toBe(404);
    json(await t.request({ method: 'POST', url: `/api/records/deal/${binned.id}/restore` }), 200);
    expect(json<HistoryPage>(await history(binned.id), 200).items.map((e) => e.new_value)).toEqual(['b']);
  });
});
