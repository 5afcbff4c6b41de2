import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { createObject, createRecord, problemOf, type RecordPage } from '../support/record-helpers.ts';
import { expectStatus, logIn } from '../access/helpers.ts';

/** Saved views: a user's own list views, private or shared, at /api/views/:object; listed with saved_view=<id>. */

let t: TestEngine;
type Key = 'ann' | 'bob' | 'carol';
const users = {} as Record<Key, { id: string; token: string }>;

interface View {
  kind: 'admin' | 'saved';
  id?: string;
  api_name?: string;
  name: string;
  columns: string[] | null;
  sort: string | null;
  filter: unknown;
  owner_id?: string;
  shared?: boolean;
  editable: boolean;
}

const stage = { api_name: 'stage', type: 'picklist', values: ['open', 'won'].map((v) => ({ value: v, label: { en: v } })) };
const adminView = { api_name: 'open_deals', label: { en: 'Open deals', 'zh-CN': '进行中' }, columns: ['name', 'stage'], filter: { '==': [{ var: 'stage' }, 'open'] } };
const bigDeals = { name: 'Big deals', columns: ['name', 'amount'], sort: '-amount', filter: { '>': [{ var: 'amount' }, 400] } };

beforeAll(async () => {
  t = await startTestEngine();
  await createObject(t, { api_name: 'deal', label: { en: 'Deal' }, fields: [stage, { api_name: 'amount', type: 'integer' }, { api_name: 'margin', type: 'integer' }, { api_name: 'specs', type: 'json' }], list_views: [adminView] });
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'rep', object_rights: { deal: { create: true, edit: true } }, data_scopes: { deal: 'all' }, field_rights: { deal: { margin: 'none' } } } }), 201);
  for (const key of ['ann', 'bob', 'carol'] as const) {
    const roles = key === 'carol' ? [] : ['rep'];
    const user = expectStatus(await t.request({ method: 'POST', url: '/api/admin/users', payload: { email: `${key}@saved.test`, name: key, password: `${key} password 1`, roles } }), 201).json() as { id: string };
    users[key] = { id: user.id, token: (await logIn(t, `${key}@saved.test`, `${key} password 1`)).token };
  }
  for (const [name, amount, stageValue] of [['small', 100, 'open'], ['mid', 500, 'won'], ['big', 900, 'open']] as const) await createRecord(t, 'deal', { name, amount, stage: stageValue, margin: 10 });
});
afterAll(() => t.close());

const as = (key: Key | 'admin', method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
  t.request({ method, url, ...(key === 'admin' ? {} : { token: users[key].token }), ...(payload ? { payload } : {}) });
const viewsOf = async (key: Key | 'admin') => (expectStatus(await as(key, 'GET', '/api/views/deal'), 200).json() as { items: View[] }).items;
const savedRows = async () => (await t.engine.knex.raw<{ rows: Array<Record<string, unknown>> }>(`select * from ${qualify(t.tenant.schema, '_saved_views')} order by id`)).rows;
const names = (page: RecordPage) => page.items.map((r) => r.name);

async function save(key: Key, payload: Record<string, unknown>): Promise<View> {
  return expectStatus(await as(key, 'POST', '/api/views/deal', payload), 201).json() as View;
}

describe('saved views', () => {
  it('are saved by a user, listed after the admin’s list views, and list records with saved_view=<id>', async () => {
    const view = await save('ann', bigDeals);
    expect(view).toMatchObject({ kind: 'saved', name: 'Big deals', columns: ['name', 'amount'], sort: '-amount', filter: bigDeals.filter, shared: false, owner_id: users.ann.id, editable: true });
    const listed = await viewsOf('ann');
    expect(listed.map((v) => [v.kind, v.api_name ?? v.name])).toEqual([['admin', 'open_deals'], ['saved', 'Big deals']]);
    expect(listed[0]).toMatchObject({ name: 'Open deals', columns: ['name', 'stage'], editable: false });
    const page = expectStatus(await as('ann', 'GET', `/api/records/deal?saved_view=${view.id}`), 200).json() as RecordPage;
    expect(names(page)).toEqual(['big', 'mid']);
    // Its sort gives way to an explicit one; a filter given is ANDed with its own.
    const sorted = expectStatus(await as('ann', 'POST', '/api/records/deal/query', { saved_view: view.id, sort: 'amount', filter: { '==': [{ var: 'stage' }, 'open'] } }), 200).json() as RecordPage;
    expect(names(sorted)).toEqual(['big']);
  });

  it('keeps a private view invisible to everyone else: 404 to list, use, change or delete it', async () => {
    const view = await save('ann', { name: 'Mine only', filter: { '==': [{ var: 'stage' }, 'won'] } });
    expect((await viewsOf('bob')).map((v) => v.name)).not.toContain('Mine only');
    for (const [method, url, payload] of [
      ['GET', `/api/records/deal?saved_view=${view.id}`, undefined],
      ['PATCH', `/api/views/deal/${view.id}`, { name: 'Stolen' }],
      ['DELETE', `/api/views/deal/${view.id}`, undefined],
    ] as const) {
      const problem = problemOf(await as('bob', method, url, payload));
      expect([problem.status, problem.code], `${method} ${url}`).toEqual([404, 'view_not_found']);
    }
    expect((await savedRows()).find((r) => r.id === view.id)).toMatchObject({ name: 'Mine only' });
    expect(problemOf(await as('ann', 'GET', '/api/records/deal?saved_view=not-a-uuid')).code).toBe('view_not_found');
  });

  it('shares a view with everyone who may read the object; only its owner or an administrator changes or deletes it', async () => {
    const view = await save('ann', { name: 'Open and big', shared: true, filter: { and: [{ '==': [{ var: 'stage' }, 'open'] }, { '>': [{ var: 'amount' }, 400] }] } });
    const seen = (await viewsOf('bob')).find((v) => v.id === view.id);
    expect(seen).toMatchObject({ kind: 'saved', shared: true, owner_id: users.ann.id, editable: false });
    expect(names(expectStatus(await as('bob', 'GET', `/api/records/deal?saved_view=${view.id}`), 200).json() as RecordPage)).toEqual(['big']);
    expect(problemOf(await as('bob', 'PATCH', `/api/views/deal/${view.id}`, { name: 'Mine now' }))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(problemOf(await as('bob', 'DELETE', `/api/views/deal/${view.id}`))).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await savedRows()).find((r) => r.id === view.id)).toMatchObject({ name: 'Open and big', owner_id: users.ann.id });
    // Un-sharing hides it again.
    expect(expectStatus(await as('ann', 'PATCH', `/api/views/deal/${view.id}`, { shared: false }), 200).json()).toMatchObject({ shared: false, name: 'Open and big' });
    expect((await viewsOf('bob')).map((v) => v.id)).not.toContain(view.id);
    // An administrator may tidy up anyone's view.
    expect(expectStatus(await as('admin', 'PATCH', `/api/views/deal/${view.id}`, { name: 'Renamed by admin', sort: null }), 200).json()).toMatchObject({ name: 'Renamed by admin', sort: null, owner_id: users.ann.id });
    expectStatus(await as('admin', 'DELETE', `/api/views/deal/${view.id}`), 204);
    expect((await savedRows()).map((r) => r.id)).not.toContain(view.id);
  });

  it('lets the owner change and delete their view', async () => {
    const view = await save('bob', { name: 'Draft', columns: ['name'] });
    const changed = expectStatus(await as('bob', 'PATCH', `/api/views/deal/${view.id}`, { name: 'Final', columns: ['name', 'amount'], sort: 'name', filter: { '==': [{ var: 'stage' }, 'open'] } }), 200).json() as View;
    expect(changed).toMatchObject({ id: view.id, name: 'Final', columns: ['name', 'amount'], sort: 'name', filter: { '==': [{ var: 'stage' }, 'open'] } });
    expect(names(expectStatus(await as('bob', 'GET', `/api/records/deal?saved_view=${view.id}`), 200).json() as RecordPage)).toEqual(['big', 'small']);
    expectStatus(await as('bob', 'DELETE', `/api/views/deal/${view.id}`), 204);
    expect(problemOf(await as('bob', 'GET', `/api/records/deal?saved_view=${view.id}`)).code).toBe('view_not_found');
    expect(problemOf(await as('bob', 'DELETE', `/api/views/deal/${view.id}`)).code).toBe('view_not_found');
  });

  it.each([
    ['no name', { columns: ['name'] }, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['an unknown property', { name: 'x', colour: 'red' }, 'colour'],
    ['shared that is not a boolean', { name: 'x', shared: 'yes' }, 'shared'],
    ['columns that are not a list', { name: 'x', columns: 'name' }, 'columns'],
    ['an unknown column', { name: 'x', columns: ['name', 'nope'] }, 'columns.1'],
    ['an unknown sort field', { name: 'x', sort: '-nope' }, 'sort'],
    ['a sort by a field that cannot be sorted', { name: 'x', sort: 'specs' }, 'sort'],
    ['a filter on an unknown field', { name: 'x', filter: { '==': [{ var: 'colour' }, 'red'] } }, 'filter.==.0.var'],
    ['a filter that cannot run in the database', { name: 'x', filter: { changed: 'stage' } }, 'filter.changed'],
  ])('refuses %s with 422 invalid_view naming the place, and saves nothing', async (_what, payload, field) => {
    const before = await savedRows();
    const problem = problemOf(await as('ann', 'POST', '/api/views/deal', payload));
    expect([problem.status, problem.code]).toEqual([422, 'invalid_view']);
    expect(problem.errors?.map((e) => e.field)).toContain(field);
    expect(await savedRows()).toEqual(before);
  });

  it('refuses a bad change with 422 and keeps the view as it was', async () => {
    const view = await save('ann', { name: 'Keep me', sort: 'amount' });
    const problem = problemOf(await as('ann', 'PATCH', `/api/views/deal/${view.id}`, { sort: 'nope', name: 'Changed' }));
    expect([problem.status, problem.code, problem.errors?.[0]?.field]).toEqual([422, 'invalid_view', 'sort']);
    expect((await savedRows()).find((r) => r.id === view.id)).toMatchObject({ name: 'Keep me', definition: { sort: 'amount' } });
  });

  it('refuses a view over a field the user may not read (403), and a user who may not read the object', async () => {
    const before = await savedRows();
    for (const payload of [{ name: 'x', columns: ['name', 'margin'] }, { name: 'x', sort: '-margin' }, { name: 'x', filter: { '>': [{ var: 'margin' }, 1] } }]) {
      const problem = problemOf(await as('ann', 'POST', '/api/views/deal', payload));
      expect([problem.status, problem.code], JSON.stringify(payload)).toEqual([403, 'forbidden']);
      expect(problem.detail).toContain('margin');
    }
    expect(problemOf(await as('carol', 'GET', '/api/views/deal'))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(problemOf(await as('carol', 'POST', '/api/views/deal', { name: 'x' }))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await savedRows()).toEqual(before);
  });

  it('answers 404 for an unknown object and a view of another object', async () => {
    expect(problemOf(await as('ann', 'GET', '/api/views/nope')).code).toBe('object_not_found');
    await createObject(t, { api_name: 'task', label: { en: 'Task' } });
    const view = await save('ann', { name: 'On deals' });
    expect(problemOf(await as('admin', 'GET', `/api/records/task?saved_view=${view.id}`)).code).toBe('view_not_found');
    expect(problemOf(await as('admin', 'PATCH', `/api/views/task/${view.id}`, { name: 'moved' })).code).toBe('view_not_found');
    // Ann may not read tasks: 403 before any view is looked up.
    expect(problemOf(await as('ann', 'GET', `/api/records/task?saved_view=${view.id}`)).code).toBe('forbidden');
    expect((await savedRows()).find((r) => r.id === view.id)).toMatchObject({ name: 'On deals', object: 'deal' });
  });
});
