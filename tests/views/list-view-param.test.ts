import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';
import { expectStatus, logIn } from '../access/helpers.ts';

/** `view=<api_name>` on lists: an admin's list view, run for the user looking at it. */

let t: TestEngine;
const reps: Record<'ann' | 'bob', { id: string; token: string }> = {} as never;
const deals: Record<string, ApiRecord> = {};

const stage = { api_name: 'stage', type: 'picklist', values: ['open', 'won', 'lost'].map((v) => ({ value: v, label: { en: v } })) };
const myOpenDeals = {
  api_name: 'my_open_deals',
  label: { en: 'My open deals', 'zh-CN': '我的进行中商机' },
  columns: ['name', 'stage', 'amount'],
  sort: '-amount',
  filter: { and: [{ '==': [{ var: 'owner_id' }, { current_user: [] }] }, { '==': [{ var: 'stage' }, 'open'] }] },
};
const goodMargins = { api_name: 'good_margins', label: { en: 'Good margins' }, columns: ['name', 'margin'], filter: { '>': [{ var: 'margin' }, 10] } };

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'deal', label: { en: 'Deal' }, fields: [stage, { api_name: 'amount', type: 'integer' }, { api_name: 'margin', type: 'integer' }], list_views: [myOpenDeals, goodMargins] });
  // Reps see every deal (scope all): only the view's current_user filter narrows the list to their own.
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'rep', object_rights: { deal: { create: true, edit: true } }, data_scopes: { deal: 'all' }, field_rights: { deal: { margin: 'none' } } } }), 201);
  for (const key of ['ann', 'bob'] as const) {
    const user = expectStatus(await t.request({ method: 'POST', url: '/api/admin/users', payload: { email: `${key}@views.test`, name: key, password: `${key} password 1`, roles: ['rep'] } }), 201).json() as { id: string };
    reps[key] = { id: user.id, token: (await logIn(t, `${key}@views.test`, `${key} password 1`)).token };
  }
  const rows: Array<[string, 'ann' | 'bob', string, number, number]> = [
    ['ann-open-small', 'ann', 'open', 100, 5],
    ['ann-open-big', 'ann', 'open', 900, 20],
    ['ann-open-mid', 'ann', 'open', 500, 30],
    ['ann-won', 'ann', 'won', 700, 40],
    ['bob-open', 'bob', 'open', 300, 1],
    ['bob-lost', 'bob', 'lost', 800, 50],
  ];
  for (const [name, owner, stageValue, amount, margin] of rows) deals[name] = await createRecord(t, 'deal', { name, owner_id: reps[owner].id, stage: stageValue, amount, margin });
});
afterAll(() => t.close());

const names = (res: { json(): unknown; statusCode: number; body: string }) => {
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as RecordPage).items.map((r) => r.name);
};
const list = (query: string, token?: string) => t.request({ method: 'GET', url: `/api/records/deal?${query}`, token });

describe('view= on lists', () => {
  it('shows "my open deals" to each user as their own open deals, in the view’s sort', async () => {
    expect(names(await list('view=my_open_deals', reps.ann.token))).toEqual(['ann-open-big', 'ann-open-mid', 'ann-open-small']);
    expect(names(await list('view=my_open_deals', reps.bob.token))).toEqual(['bob-open']);
    // The administrator owns none of them: current_user is whoever looks.
    expect(names(await list('view=my_open_deals'))).toEqual([]);
    // Without the view, a rep with scope all sees every deal.
    expect(names(await list('limit=50', reps.bob.token))).toHaveLength(6);
  });

  it('ANDs a given filter with the view’s', async () => {
    const filter = encodeURIComponent(JSON.stringify({ '<': [{ var: 'amount' }, 600] }));
    expect(names(await list(`view=my_open_deals&filter=${filter}`, reps.ann.token))).toEqual(['ann-open-mid', 'ann-open-small']);
    const body = await t.request({ method: 'POST', url: '/api/records/deal/query', token: reps.ann.token, payload: { view: 'my_open_deals', filter: { '>': [{ var: 'amount' }, 200] } } });
    expect(names(body)).toEqual(['ann-open-big', 'ann-open-mid']);
  });

  it('uses the view’s sort unless a sort is given, and pages through the view with the cursor', async () => {
    expect(names(await list('view=my_open_deals&sort=amount', reps.ann.token))).toEqual(['ann-open-small', 'ann-open-mid', 'ann-open-big']);
    expect(names(await list('view=my_open_deals&sort=name', reps.ann.token))).toEqual(['ann-open-big', 'ann-open-mid', 'ann-open-small']);
    const first = await list('view=my_open_deals&limit=2', reps.ann.token);
    expect(names(first)).toEqual(['ann-open-big', 'ann-open-mid']);
    const cursor = (first.json() as RecordPage).next_cursor as string;
    expect(names(await list(`view=my_open_deals&limit=2&cursor=${encodeURIComponent(cursor)}`, reps.ann.token))).toEqual(['ann-open-small']);
  });

  it('answers an unknown view with 404 view_not_found, on GET and POST', async () => {
    const got = problemOf(await list('view=nope', reps.ann.token));
    expect([got.status, got.code]).toEqual([404, 'view_not_found']);
    expect(got.errors?.[0]?.field).toBe('view');
    const posted = problemOf(await t.request({ method: 'POST', url: '/api/records/deal/query', payload: { view: 'good_margins ' } }));
    expect([posted.status, posted.code]).toEqual([404, 'view_not_found']);
    expect(problemOf(await list('view=my_open_deals&saved_view=x')).code).toBe('invalid_parameter');
  });

  it('refuses a view whose filter reads a field hidden from the user (403, as any filter), and runs it for those who may read it', async () => {
    const refused = problemOf(await list('view=good_margins', reps.ann.token));
    expect([refused.status, refused.code]).toEqual([403, 'forbidden']);
    expect(JSON.stringify(refused)).toContain('margin');
    expect(JSON.stringify(refused)).not.toMatch(/ann-|bob-/);
    expect(names(await list('view=good_margins&sort=name'))).toEqual(['ann-open-big', 'ann-open-mid', 'ann-won', 'bob-lost']);
  });

  it('looks a view up on the listed object only (view names are per object)', async () => {
    await createObject(t, { api_name: 'task', label: { en: 'Task' }, fields: [{ api_name: 'done', type: 'boolean' }] });
    expect(problemOf(await t.request({ method: 'GET', url: '/api/records/task?view=my_open_deals' })).code).toBe('view_not_found');
  });
});
