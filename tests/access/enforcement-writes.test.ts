import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { loadRecordAccess } from '../../engine/src/access/index.ts';
import { buildApp, createEngine } from '../../engine/src/http/index.ts';
import { loadConfig, silentLogger } from '../../engine/src/kernel/index.ts';
import { testDatabaseUrl } from '../support/db.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { problemOf, tableRows, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';
import { dealRows, seedWorld, setRoles, tokenOf, type UserKey, type World } from './enforcement-world.ts';

/** Writes are authorised before anything is written: lookups, owner transfer (single and bulk), record teams. */

let t: TestEngine;
let world: World;

beforeAll(async () => {
  t = await startTestEngine();
  world = await seedWorld(t);
}, 120_000);
afterAll(() => t.close());

const as = async (key: UserKey, method: string, url: string, payload?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.request({ method: method as 'GET', url, token: await tokenOf(world, key), headers, ...(payload ? { payload } : {}) });
const dealOf = async (name: string) => (await dealRows(world)).find((r) => r.name === name) as { id: string; owner_id: string };
const adminCreate = async (object: string, payload: Record<string, unknown>) => {
  const res = await t.request({ method: 'POST', url: `/api/records/${object}`, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ApiRecord;
};
const errorFields = (res: Parameters<typeof problemOf>[0]) => (problemOf(res).errors ?? []).map((e) => e.field);

describe('object rights come first', () => {
  it('a create-only role creates, reads its own records, and may not edit them', async () => {
    await setRoles(world, 'rep_n', ['creator_self']);
    const res = await as('rep_n', 'POST', '/api/records/deal', { name: 'created only', amount: 7 });
    expect(res.statusCode, res.body).toBe(201);
    const record = res.json() as ApiRecord;
    expect((await as('rep_n', 'GET', `/api/records/deal/${record.id}`)).statusCode).toBe(200);
    expect(problemOf(await as('rep_n', 'PATCH', `/api/records/deal/${record.id}`, { amount: 8 }))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(problemOf(await as('rep_n', 'DELETE', `/api/records/deal/${record.id}`))).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('without a role a user sees nothing and may do nothing with deals', async () => {
    await setRoles(world, 'rep_n', []);
    const own = await dealOf('rep_n-1');
    for (const [method, url, payload] of [
      ['GET', '/api/records/deal'],
      ['POST', '/api/records/deal/query', {}],
      ['GET', `/api/records/deal/${own.id}`],
      ['POST', '/api/records/deal', { name: 'x' }],
      ['PATCH', `/api/records/deal/${own.id}`, { name: 'x' }],
      ['DELETE', `/api/records/deal/${own.id}`],
    ] as Array<[string, string, Record<string, unknown>?]>) {
      expect(problemOf(await as('rep_n', method, url, payload)), `${method} ${url}`).toMatchObject({ status: 403, code: 'forbidden' });
    }
  });

  it('a record outside the scope is 404 (as if it did not exist); inside the read scope but not the edit scope, 403', async () => {
    await setRoles(world, 'south_rep', ['viewer_all']);
    const own = await dealOf('south_rep-1');
    const other = await dealOf('ceo-1');
    expect((await as('south_rep', 'GET', `/api/records/deal/${other.id}`)).statusCode).toBe(200);
    expect(problemOf(await as('south_rep', 'PATCH', `/api/records/deal/${other.id}`, { amount: 1 }))).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await as('south_rep', 'PATCH', `/api/records/deal/${own.id}`, { amount: 1 })).statusCode).toBe(200);
    await setRoles(world, 'south_rep', ['scope_self']);
    expect(problemOf(await as('south_rep', 'PATCH', `/api/records/deal/${other.id}`, { amount: 1 }))).toMatchObject({ status: 404, code: 'record_not_found' });
    expect(problemOf(await as('south_rep', 'DELETE', `/api/records/deal/${other.id}`))).toMatchObject({ status: 404, code: 'record_not_found' });
  });
});

describe('lookups on write point only at records the actor can see (422 naming the field)', () => {
  let mine: ApiRecord;
  let theirs: ApiRecord;
  let binned: ApiRecord;
  beforeAll(async () => {
    await setRoles(world, 'rep_a2', ['scope_self']);
    mine = await adminCreate('account', { name: 'Mine', owner_id: world.users.rep_a2.id });
    theirs = await adminCreate('account', { name: 'Theirs', owner_id: world.users.ceo.id });
    binned = await adminCreate('account', { name: 'Binned', owner_id: world.users.rep_a2.id });
    expect((await t.request({ method: 'DELETE', url: `/api/records/account/${binned.id}` })).statusCode).toBe(204);
  });

  it('accepts an account the rep can see, on create and on update', async () => {
    const res = await as('rep_a2', 'POST', '/api/records/deal', { name: 'with my account', account: mine.id });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as ApiRecord).id;
    expect((await as('rep_a2', 'PATCH', `/api/records/deal/${id}`, { account: null })).statusCode).toBe(200);
    expect((await as('rep_a2', 'PATCH', `/api/records/deal/${id}`, { account: mine.id })).json()).toMatchObject({ account: mine.id });
  });

  it.each([
    ['someone else’s account', () => theirs.id],
    ['an account in the recycle bin', () => binned.id],
    ['an id that exists nowhere', () => '01900000-0000-7000-8000-000000000000'],
  ])('refuses %s alike, and writes nothing', async (_what, id) => {
    const before = await tableRows(t, 'deal');
    const created = await as('rep_a2', 'POST', '/api/records/deal', { name: 'sneaky', account: id() });
    expect(problemOf(created)).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(errorFields(created)).toEqual(['account']);
    const own = await dealOf('rep_a2-1');
    const updated = await as('rep_a2', 'PATCH', `/api/records/deal/${own.id}`, { account: id() });
    expect(errorFields(updated)).toEqual(['account']);
    expect(problemOf(updated).detail).not.toContain('Theirs');
    expect(await tableRows(t, 'deal')).toEqual(before);
  });

  it('refuses every account to a role that may not read accounts', async () => {
    await setRoles(world, 'rep_a2', ['masked']);
    expect(errorFields(await as('rep_a2', 'POST', '/api/records/deal', { name: 'x', account: mine.id }))).toEqual(['account']);
    await setRoles(world, 'rep_a2', ['scope_self']);
  });

  it('lets an administrator point at any live account', async () => {
    expect((await adminCreate('deal', { name: 'admin link', account: theirs.id })).account).toBe(theirs.id);
  });
});

describe('owner transfer', () => {
  it('PATCH owner_id hands a record over; the rep then no longer sees it', async () => {
    await setRoles(world, 'rep_a1', ['scope_self']);
    const deal = await dealOf('rep_a1-1');
    const res = await as('rep_a1', 'PATCH', `/api/records/deal/${deal.id}`, { owner_id: world.users.rep_a2.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ owner_id: world.users.rep_a2.id });
    expect((await as('rep_a1', 'GET', `/api/records/deal/${deal.id}`)).statusCode).toBe(404);
    await setRoles(world, 'rep_a2', ['scope_self']);
    expect((await as('rep_a2', 'GET', `/api/records/deal/${deal.id}`)).statusCode).toBe(200);
  });

  it.each([
    ['a deactivated user', () => world.users.leaver.id],
    ['an id that is no user', () => '01900000-0000-7000-8000-000000000001'],
    ['nobody (null)', () => null],
  ])('refuses %s as the new owner (422 naming owner_id)', async (_what, owner) => {
    await setRoles(world, 'rep_a1', ['scope_self']);
    const deal = await dealOf('rep_a1-2');
    const res = await as('rep_a1', 'PATCH', `/api/records/deal/${deal.id}`, { owner_id: owner() });
    expect(problemOf(res)).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(errorFields(res)).toEqual(['owner_id']);
    expect((await dealOf('rep_a1-2')).owner_id).toBe(world.users.rep_a1.id);
  });

  it('POST /transfer moves many records at once', async () => {
    await setRoles(world, 'north_lead', ['scope_department_and_subdepartments']);
    const ids = [(await dealOf('rep_n-1')).id, (await dealOf('rep_n-2')).id];
    const res = await as('north_lead', 'POST', '/api/records/deal/transfer', { ids: [...ids, ids[0]], owner_id: world.users.north_lead.id });
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: ApiRecord[] }).items;
    expect(items.map((i) => i.id)).toEqual(ids);
    for (const item of items) expect(item).toMatchObject({ owner_id: world.users.north_lead.id, version: 2 });
  });

  it('is all or nothing: one record outside the scope (404) or the edit scope (403) stops them all, naming it', async () => {
    await setRoles(world, 'south_lead', ['viewer_all']);
    const own = await dealOf('south_lead-1');
    const foreign = await dealOf('ceo-2');
    const before = await tableRows(t, 'deal');
    const refused = await as('south_lead', 'POST', '/api/records/deal/transfer', { ids: [own.id, foreign.id], owner_id: world.users.south_rep.id });
    expect(problemOf(refused)).toMatchObject({ status: 403, code: 'forbidden' });
    expect(errorFields(refused)).toEqual(['ids.1']);
    await setRoles(world, 'south_lead', ['scope_self']);
    const hidden = await as('south_lead', 'POST', '/api/records/deal/transfer', { ids: [own.id, foreign.id], owner_id: world.users.south_rep.id });
    expect(problemOf(hidden)).toMatchObject({ status: 404, code: 'record_not_found' });
    expect(errorFields(hidden)).toEqual(['ids.1']);
    const inactive = await as('south_lead', 'POST', '/api/records/deal/transfer', { ids: [own.id], owner_id: world.users.leaver.id });
    expect(errorFields(inactive)).toEqual(['owner_id']);
    expect(await tableRows(t, 'deal')).toEqual(before);
  });

  it('checks its body (422 naming what is wrong)', async () => {
    for (const [payload, fields] of [
      [{}, ['ids', 'owner_id']],
      [{ ids: [], owner_id: world.users.vp.id }, ['ids']],
      [{ ids: ['nope'], owner_id: 'nope' }, ['ids.0', 'owner_id']],
      [{ ids: [world.users.vp.id], owner_id: world.users.vp.id, extra: 1 }, ['extra']],
    ] as Array<[Record<string, unknown>, string[]]>) {
      const res = await t.request({ method: 'POST', url: '/api/records/deal/transfer', payload });
      expect(problemOf(res).status).toBe(422);
      expect(errorFields(res).sort()).toEqual(fields);
    }
  });
});

describe('record teams', () => {
  it('open one record to a member: read, then edit, until the membership expires', async () => {
    await setRoles(world, 'rep_a1', ['scope_self']);
    await setRoles(world, 'south_rep', ['scope_self']);
    const deal = await dealOf('rep_a1-2');
    const listIds = async () => ((await as('south_rep', 'GET', '/api/records/deal?limit=500')).json() as RecordPage).items.map((i) => i.id);
    expect(await listIds()).not.toContain(deal.id);
    expect((await as('south_rep', 'GET', `/api/records/deal/${deal.id}/team`)).statusCode).toBe(404);

    const put = async (access: string) => as('rep_a1', 'PUT', `/api/records/deal/${deal.id}/team`, { members: [{ user_id: world.users.south_rep.id, access }] });
    const read = await put('read');
    expect(read.statusCode, read.body).toBe(200);
    expect((read.json() as { items: unknown[] }).items).toEqual([expect.objectContaining({ user_id: world.users.south_rep.id, name: 'south_rep', access: 'read', expires_at: null, added_by: world.users.rep_a1.id })]);
    expect(await listIds()).toContain(deal.id);
    expect((await as('south_rep', 'GET', `/api/records/deal/${deal.id}`)).statusCode).toBe(200);
    expect(problemOf(await as('south_rep', 'PATCH', `/api/records/deal/${deal.id}`, { amount: 9 }))).toMatchObject({ status: 403 });
    expect(problemOf(await as('south_rep', 'PUT', `/api/records/deal/${deal.id}/team`, { members: [] }))).toMatchObject({ status: 403 });

    await put('edit');
    expect((await as('south_rep', 'PATCH', `/api/records/deal/${deal.id}`, { amount: 9 })).statusCode).toBe(200);

    await t.engine.knex.raw(`update ${qualify(t.tenant.schema, '_record_teams')} set expires_at = now() - interval '1 second' where record_id = ?`, [deal.id]);
    expect(await listIds()).not.toContain(deal.id);
    expect((await as('south_rep', 'GET', `/api/records/deal/${deal.id}`)).statusCode).toBe(404);
    expect((await as('rep_a1', 'GET', `/api/records/deal/${deal.id}/team`)).json()).toMatchObject({ items: [{ user_id: world.users.south_rep.id }] });
  });

  it('never give more than the member’s object rights', async () => {
    const deal = await dealOf('rep_a1-2');
    await setRoles(world, 'support_lead', ['reader_tree']);
    await as('rep_a1', 'PUT', `/api/records/deal/${deal.id}/team`, { members: [{ user_id: world.users.support_lead.id, access: 'edit' }] });
    expect((await as('support_lead', 'GET', `/api/records/deal/${deal.id}`)).statusCode).toBe(200);
    expect(problemOf(await as('support_lead', 'PATCH', `/api/records/deal/${deal.id}`, { amount: 1 }))).toMatchObject({ status: 403 });
    await setRoles(world, 'support_lead', ['nothing']);
    expect(problemOf(await as('support_lead', 'GET', `/api/records/deal/${deal.id}`))).toMatchObject({ status: 403 });
  });

  it('refuses members that are not active users, named twice, or expiring in the past', async () => {
    const deal = await dealOf('rep_a1-2');
    const res = await as('rep_a1', 'PUT', `/api/records/deal/${deal.id}/team`, {
      members: [
        { user_id: world.users.leaver.id, access: 'read' },
        { user_id: world.users.vp.id, access: 'read' },
        { user_id: world.users.vp.id, access: 'edit' },
        { user_id: world.users.ceo.id, access: 'read', expires_at: '2020-01-01T00:00:00Z' },
      ],
    });
    expect(problemOf(res).status).toBe(422);
    expect(errorFields(res)).toEqual(['members.0.user_id', 'members.2.user_id', 'members.3.expires_at']);
    const shape = await as('rep_a1', 'PUT', `/api/records/deal/${deal.id}/team`, { members: [{ user_id: 'vp', access: 'owner' }] });
    expect(errorFields(shape).sort()).toEqual(['members.0.access', 'members.0.user_id']);
  });
});

describe('administrators bypass explicitly', () => {
  it('loadRecordAccess answers an administrator with every right and no row filter, and anyone else with their own', async () => {
    const model = await t.engine.models.get(t.tenant.slug);
    const def = model.objects.get('deal')?.def;
    if (!def) throw new Error('no deal');
    const admin = await loadRecordAccess(t.engine.knex, model, { tenant: t.tenant, userId: world.users.ceo.id, email: 'x', isAdmin: true }, def);
    expect(admin).toMatchObject({ admin: true, readFilter: null, editFilter: null, permissions: { canRead: true, modifyAll: true } });
    expect([...admin.fields.readable]).toContain('margin');
    await setRoles(world, 'ceo', ['scope_self']);
    const user = await loadRecordAccess(t.engine.knex, model, { tenant: t.tenant, userId: world.users.ceo.id, email: 'x', isAdmin: false }, def);
    expect(user.admin).toBe(false);
    expect(user.readFilter?.bindings).toEqual([[world.users.ceo.id]]);
  });

  it('and a user made administrator sees everything at once, and nothing more once demoted', async () => {
    await setRoles(world, 'intern', ['scope_self']);
    const live = (await dealRows(world)).filter((r) => r.deleted_at === null);
    const all = live.length;
    const own = live.filter((r) => r.owner_id === world.users.intern.id).length;
    const count = async () => ((await as('intern', 'GET', '/api/records/deal?limit=500')).json() as RecordPage).items.length;
    expect(own).toBe(2);
    expect(await count()).toBe(own);
    expect((await t.request({ method: 'PATCH', url: `/api/admin/users/${world.users.intern.id}`, payload: { is_admin: true } })).statusCode).toBe(200);
    expect(await count()).toBe(all);
    expect((await t.request({ method: 'PATCH', url: `/api/admin/users/${world.users.intern.id}`, payload: { is_admin: false } })).statusCode).toBe(200);
    expect(await count()).toBe(own);
  });
});

describe('access changes take effect at the next request', () => {
  it('on this instance and on another one (computed access is reused only while nothing changed)', async () => {
    const other = await createEngine({ config: { ...loadConfig({}), databaseUrl: testDatabaseUrl() }, databaseUrl: testDatabaseUrl(), logger: silentLogger });
    const app = await buildApp(other);
    try {
      const token = await tokenOf(world, 'agent');
      const count = async (via: 'this' | 'other') => {
        const res = via === 'this' ? await as('agent', 'GET', '/api/records/deal?limit=500') : await app.inject({ method: 'GET', url: '/api/records/deal?limit=500', headers: { authorization: `Bearer ${token}` } });
        return res.statusCode === 200 ? (res.json() as RecordPage).items.length : res.statusCode;
      };
      const live = (await dealRows(world)).filter((r) => r.deleted_at === null);
      const inSupport = live.filter((r) => [world.users.agent.id, world.users.support_lead.id].includes(r.owner_id ?? '')).length;
      await setRoles(world, 'agent', ['scope_self']);
      expect([await count('this'), await count('other')]).toEqual([2, 2]);
      await setRoles(world, 'agent', ['scope_department']);
      expect([await count('other'), await count('this')]).toEqual([inSupport, inSupport]);
      // A department move (through the admin API of the other instance) changes what the scope covers.
      const moved = await app.inject({ method: 'PATCH', url: `/api/admin/users/${world.users.support_lead.id}`, payload: { department_id: world.departments.hq }, headers: { authorization: `Bearer ${t.token}` } });
      expect(moved.statusCode, moved.body).toBe(200);
      expect([await count('this'), await count('other')]).toEqual([2, 2]);
      await t.request({ method: 'PATCH', url: `/api/admin/users/${world.users.support_lead.id}`, payload: { department_id: world.departments.support } });
      expect([await count('other'), await count('this')]).toEqual([inSupport, inSupport]);
      await setRoles(world, 'agent', ['nothing']);
      expect([await count('other'), await count('this')]).toEqual([403, 403]);
    } finally {
      await app.close();
      await other.close();
    }
  });
});
