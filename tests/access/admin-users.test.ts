import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectProblem } from '../support/snapshot.ts';
import { adminCreateUser, auditOf, expectStatus, logIn, loginRequest } from './helpers.ts';

let t: TestEngine;
let sales: { id: string };
let east: { id: string };
let me: { id: string };

beforeAll(async () => {
  t = await startTestEngine();
  const created = await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'deal', label: 'Deal', fields: [{ api_name: 'amount', type: 'integer' }] } });
  expectStatus(created, 201);
  sales = expectStatus(await t.request({ method: 'POST', url: '/api/admin/departments', payload: { name: 'Sales' } }), 201).json() as { id: string };
  east = expectStatus(await t.request({ method: 'POST', url: '/api/admin/departments', payload: { name: 'East', parent_id: sales.id } }), 201).json() as { id: string };
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'sales_rep', object_rights: { deal: { create: true, edit: true } }, data_scopes: { deal: 'department' } } }), 201);
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/permission-sets', payload: { api_name: 'deal_deleter', object_rights: { deal: { delete: true } }, field_rights: { deal: { amount: 'read' } } } }), 201);
  me = (await t.request({ method: 'GET', url: '/api/auth/me' })).json() as { id: string };
});
afterAll(() => t.close());

describe('creating users', () => {
  it('stores the whole profile and answers it without any password', async () => {
    const manager = await adminCreateUser(t, { email: 'boss@corp.test', name: 'Boss', department_id: sales.id });
    const res = expectStatus(
      await t.request({
        method: 'POST',
        url: '/api/admin/users',
        payload: {
          email: 'Li.Lei@Corp.test',
          name: 'Li Lei',
          password: 'li lei password',
          phone: '+86 10 1234 5678',
          department_id: east.id,
          manager_id: manager.id,
          roles: ['sales_rep'],
          permission_sets: ['deal_deleter'],
          locale: 'zh-CN',
          time_zone: 'Asia/Shanghai',
        },
      }),
      201,
    );
    const user = res.json() as Record<string, unknown>;
    expect(user).toMatchObject({
      email: 'Li.Lei@Corp.test',
      name: 'Li Lei',
      phone: '+86 10 1234 5678',
      department_id: east.id,
      manager_id: manager.id,
      roles: ['sales_rep'],
      permission_sets: ['deal_deleter'],
      is_admin: false,
      active: true,
      locale: 'zh-CN',
      time_zone: 'Asia/Shanghai',
    });
    expect(res.body).not.toMatch(/password|argon2/i);
    expect((await t.request({ method: 'GET', url: `/api/admin/users/${String(user.id)}` })).json()).toEqual(user);
    const session = await logIn(t, 'li.lei@corp.test', 'li lei password');
    expect((await t.request({ method: 'GET', url: '/api/auth/me', token: session.token })).json()).toMatchObject({ id: user.id, roles: ['sales_rep'], department_id: east.id, tenant: t.tenant.slug, credential: 'session' });
  });

  it('creates a user without a password, who cannot log in until a reset', async () => {
    const user = await adminCreateUser(t, { email: 'nopass@corp.test', name: 'No Pass' });
    expect(user.active).toBe(true);
    expectProblem(await loginRequest(t, 'nopass@corp.test', ''), { status: 422, code: 'validation_failed' });
    expectProblem(await loginRequest(t, 'nopass@corp.test', 'anything at all'), { status: 401, code: 'invalid_credentials' });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no email and no name', {}, ['email', 'name']],
    ['a malformed email', { email: 'not-an-email', name: 'X' }, ['email']],
    ['a short password', { email: 'a@corp.test', name: 'X', password: 'short' }, ['password']],
    ['a blank name', { email: 'a@corp.test', name: '   ' }, ['name']],
    ['a phone with letters', { email: 'a@corp.test', name: 'X', phone: 'call me maybe' }, ['phone']],
    ['an unknown locale', { email: 'a@corp.test', name: 'X', locale: 'fr' }, ['locale']],
    ['an unknown time zone', { email: 'a@corp.test', name: 'X', time_zone: 'Mars/Olympus' }, ['time_zone']],
    ['a department that does not exist', { email: 'a@corp.test', name: 'X', department_id: '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708194' }, ['department_id']],
    ['a department id that is not a uuid', { email: 'a@corp.test', name: 'X', department_id: 'sales' }, ['department_id']],
    ['a manager who does not exist', { email: 'a@corp.test', name: 'X', manager_id: '0190f5a4-7c1e-7d2a-9b3c-4d5e6f708194' }, ['manager_id']],
    ['an unknown role', { email: 'a@corp.test', name: 'X', roles: ['sales_rep', 'ghost'] }, ['roles.1']],
    ['an unknown permission set', { email: 'a@corp.test', name: 'X', permission_sets: ['ghost'] }, ['permission_sets.0']],
    ['roles that are not a list', { email: 'a@corp.test', name: 'X', roles: { sales_rep: true } }, ['roles']],
    ['a single role given as a string (bodies are never coerced)', { email: 'a@corp.test', name: 'X', roles: 'sales_rep' }, ['roles']],
    ['an unknown property', { email: 'a@corp.test', name: 'X', password_hash: 'x' }, ['password_hash']],
  ])('refuses %s with 422 naming the fields, and creates nothing', async (_what, payload, fields) => {
    const before = ((await t.request({ method: 'GET', url: '/api/admin/users?limit=500' })).json() as { items: unknown[] }).items.length;
    expectProblem(await t.request({ method: 'POST', url: '/api/admin/users', payload }), { status: 422, code: 'validation_failed', fields });
    expect(((await t.request({ method: 'GET', url: '/api/admin/users?limit=500' })).json() as { items: unknown[] }).items).toHaveLength(before);
  });

  it('refuses an email already registered, whatever its case (409 user_exists)', async () => {
    await adminCreateUser(t, { email: 'twin@corp.test', name: 'Twin' });
    expectProblem(await t.request({ method: 'POST', url: '/api/admin/users', payload: { email: 'TWIN@corp.test', name: 'Twin 2' } }), { status: 409, code: 'user_exists', fields: ['email'] });
  });
});

describe('changing users', () => {
  it('changes the profile, roles and permission sets, and records before and after in the audit log', async () => {
    const user = await adminCreateUser(t, { email: 'mover@corp.test', name: 'Mover', roles: ['sales_rep'] });
    const res = expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${user.id}`, payload: { name: 'Mover Two', department_id: sales.id, roles: [], permission_sets: ['deal_deleter'], locale: 'zh-CN' } }), 200);
    expect(res.json()).toMatchObject({ name: 'Mover Two', department_id: sales.id, roles: [], permission_sets: ['deal_deleter'], locale: 'zh-CN' });
    const [entry] = (await auditOf(t, ['user_updated'])).filter((e) => e.user_id === user.id);
    expect(entry).toMatchObject({ actor_id: me.id, before: { name: 'Mover', roles: ['sales_rep'] }, after: { name: 'Mover Two', roles: [], permission_sets: ['deal_deleter'] } });
    expect(JSON.stringify(entry)).not.toMatch(/argon2/);
  });

  it('refuses a manager cycle and a user managing themself, changing nothing', async () => {
    const a = await adminCreateUser(t, { email: 'chain-a@corp.test', name: 'A' });
    const b = await adminCreateUser(t, { email: 'chain-b@corp.test', name: 'B', manager_id: a.id });
    const c = await adminCreateUser(t, { email: 'chain-c@corp.test', name: 'C', manager_id: b.id });
    expectProblem(await t.request({ method: 'PATCH', url: `/api/admin/users/${a.id}`, payload: { manager_id: c.id } }), { status: 422, code: 'validation_failed', fields: ['manager_id'] });
    expectProblem(await t.request({ method: 'PATCH', url: `/api/admin/users/${a.id}`, payload: { manager_id: a.id } }), { status: 422, code: 'validation_failed', fields: ['manager_id'] });
    expect((await t.request({ method: 'GET', url: `/api/admin/users/${a.id}` })).json()).toMatchObject({ manager_id: null });
  });

  it('answers 404 for an unknown or malformed id and 422 for an empty patch', async () => {
    expectProblem(await t.request({ method: 'GET', url: '/api/admin/users/0190f5a4-7c1e-7d2a-9b3c-4d5e6f708194' }), { status: 404, code: 'user_not_found' });
    expectProblem(await t.request({ method: 'PATCH', url: '/api/admin/users/nope', payload: { name: 'x' } }), { status: 404, code: 'user_not_found' });
    expectProblem(await t.request({ method: 'PATCH', url: `/api/admin/users/${me.id}`, payload: {} }), { status: 422, code: 'validation_failed' });
  });

  it('sets a password for a user, ending their sessions', async () => {
    const user = await adminCreateUser(t, { email: 'forgetful@corp.test', name: 'Forgetful', password: 'the old password' });
    const session = await logIn(t, 'forgetful@corp.test', 'the old password');
    expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${user.id}`, payload: { password: 'the new password' } }), 200);
    expectProblem(await t.request({ method: 'GET', url: '/api/auth/me', token: session.token }), { status: 401, code: 'unauthorized' });
    expectProblem(await loginRequest(t, 'forgetful@corp.test', 'the old password'), { status: 401, code: 'invalid_credentials' });
    await logIn(t, 'forgetful@corp.test', 'the new password');
  });
});

describe('deactivating users (they are never deleted)', () => {
  it('ends their sessions, refuses their login and their API keys, and reactivating lets them log in again', async () => {
    const user = await adminCreateUser(t, { email: 'leaver@corp.test', name: 'Leaver', password: 'leaver password' });
    const session = await logIn(t, 'leaver@corp.test', 'leaver password');
    const key = (expectStatus(await t.request({ method: 'POST', url: '/api/auth/api-keys', payload: { name: 'script' }, token: session.token }), 201).json() as { key: string }).key;
    expectStatus(await t.request({ method: 'GET', url: '/api/auth/me', token: key }), 200);

    expect(expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${user.id}`, payload: { active: false } }), 200).json()).toMatchObject({ active: false });
    expectProblem(await t.request({ method: 'GET', url: '/api/auth/me', token: session.token }), { status: 401, code: 'unauthorized' });
    expectProblem(await t.request({ method: 'GET', url: '/api/records/deal', token: key }), { status: 401, code: 'unauthorized' });
    expectProblem(await loginRequest(t, 'leaver@corp.test', 'leaver password'), { status: 401, code: 'invalid_credentials' });
    expect((await t.request({ method: 'GET', url: `/api/admin/users/${user.id}` })).json()).toMatchObject({ email: 'leaver@corp.test', active: false });

    expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${user.id}`, payload: { active: true } }), 200);
    expectProblem(await t.request({ method: 'GET', url: '/api/auth/me', token: session.token }), { status: 401, code: 'unauthorized' });
    await logIn(t, 'leaver@corp.test', 'leaver password');
  });

  it('refuses to leave the tenant without an active administrator', async () => {
    expectProblem(await t.request({ method: 'PATCH', url: `/api/admin/users/${me.id}`, payload: { active: false } }), { status: 422, code: 'validation_failed', fields: ['active'] });
    expectProblem(await t.request({ method: 'PATCH', url: `/api/admin/users/${me.id}`, payload: { is_admin: false } }), { status: 422, code: 'validation_failed', fields: ['is_admin'] });
    expectStatus(await t.request({ method: 'GET', url: '/api/auth/me' }), 200);
  });

  it('has no DELETE route for users', async () => {
    expectProblem(await t.request({ method: 'DELETE', url: `/api/admin/users/${me.id}` }), { status: 404, code: 'route_not_found' });
  });
});

describe('listing users', () => {
  it('pages by cursor without repeats or gaps, and filters by active, department and text', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page = expectStatus(await t.request({ method: 'GET', url: `/api/admin/users?limit=3${cursor ? `&cursor=${cursor}` : ''}` }), 200).json() as { items: Array<{ id: string }>; next_cursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(3);
      all.push(...page.items.map((u) => u.id));
      cursor = page.next_cursor;
    } while (cursor);
    const stored = (await t.engine.knex.raw<{ rows: Array<{ id: string }> }>(`select id from ${qualify(t.tenant.schema, '_users')} order by id`)).rows.map((r) => r.id);
    expect(all).toEqual(stored);

    const inEast = (await t.request({ method: 'GET', url: `/api/admin/users?department_id=${east.id}` })).json() as { items: Array<{ email: string }> };
    expect(inEast.items.map((u) => u.email)).toEqual(['Li.Lei@Corp.test']);
    const found = (await t.request({ method: 'GET', url: '/api/admin/users?q=LI%20LEI' })).json() as { items: Array<{ email: string }> };
    expect(found.items.map((u) => u.email)).toEqual(['Li.Lei@Corp.test']);
    const wildcard = (await t.request({ method: 'GET', url: '/api/admin/users?q=%25' })).json() as { items: unknown[] };
    expect(wildcard.items).toEqual([]);
    const inactive = (await t.request({ method: 'GET', url: '/api/admin/users?active=false' })).json() as { items: Array<{ active: boolean }> };
    expect(inactive.items.every((u) => !u.active)).toBe(true);
  });

  it('refuses a bad cursor or limit with 400', async () => {
    expectProblem(await t.request({ method: 'GET', url: '/api/admin/users?cursor=bogus' }), { status: 400, code: 'invalid_cursor' });
    expectProblem(await t.request({ method: 'GET', url: '/api/admin/users?limit=0' }), { status: 400, code: 'invalid_parameter', fields: ['limit'] });
  });
});

describe('a user’s effective permissions', () => {
  it('are the union of their roles and permission sets', async () => {
    const user = await adminCreateUser(t, { email: 'union@corp.test', name: 'Union', roles: ['sales_rep'], permission_sets: ['deal_deleter'] });
    const res = expectStatus(await t.request({ method: 'GET', url: `/api/admin/users/${user.id}/permissions` }), 200);
    expect(res.json()).toEqual({
      is_admin: false,
      roles: ['sales_rep'],
      permission_sets: ['deal_deleter'],
      objects: { deal: { create: true, read: true, edit: true, delete: true, view_all: false, modify_all: false } },
      fields: { deal: { amount: 'edit' } },
      data_scopes: { deal: ['department'] },
      default_scopes: ['self'],
    });
  });
});
