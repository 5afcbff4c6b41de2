import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { apiRoutes, fillRoute, type ApiRoute } from '../support/record-helpers.ts';
import { expectProblem, snapshotTenant } from '../support/snapshot.ts';
import { adminCreateUser, expectStatus, logIn } from './helpers.ts';

let t: TestEngine;
let routes: ApiRoute[];
let ids: Record<string, string>;
let rep: { token: string; key: string; cookie: string; csrf: string };

/** A body an admin could send to each write, so the refusal is about who sends it. */
const payloads: Record<string, Record<string, unknown>> = {
  'POST /api/admin/users': { email: 'new@corp.test', name: 'New', is_admin: true },
  'PATCH /api/admin/users/:id': { is_admin: true, roles: ['manager'] },
  'POST /api/admin/departments': { name: 'Shadow' },
  'PATCH /api/admin/departments/:id': { name: 'Renamed' },
  'POST /api/admin/roles': { api_name: 'shadow', data_scopes: { deal: 'all' } },
  'PATCH /api/admin/roles/:id': { data_scopes: { deal: 'all' } },
  'POST /api/admin/permission-sets': { api_name: 'shadow', object_rights: { deal: { modify_all: true } } },
  'PATCH /api/admin/permission-sets/:id': { object_rights: { deal: { modify_all: true } } },
  'POST /api/admin/sharing-rules': { object: 'deal', api_name: 'shadow', condition: true, access: 'edit', roles: ['manager'] },
  'PATCH /api/admin/sharing-rules/:id': { condition: true, access: 'edit' },
};

beforeAll(async () => {
  t = await startTestEngine();
  expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'deal', label: 'Deal' } }), 201);
  const department = expectStatus(await t.request({ method: 'POST', url: '/api/admin/departments', payload: { name: 'Sales' } }), 201).json() as { id: string };
  const role = expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'manager' } }), 201).json() as { id: string };
  const set = expectStatus(await t.request({ method: 'POST', url: '/api/admin/permission-sets', payload: { api_name: 'viewer' } }), 201).json() as { id: string };
  const rule = expectStatus(
    await t.request({ method: 'POST', url: '/api/admin/sharing-rules', payload: { object: 'deal', api_name: 'named', condition: { '==': [{ var: 'name' }, 'x'] }, access: 'read', roles: ['manager'] } }),
    201,
  ).json() as { id: string };
  const user = await adminCreateUser(t, { email: 'rep@corp.test', name: 'Rep', password: 'rep password 1', department_id: department.id });
  const session = await logIn(t, 'rep@corp.test', 'rep password 1');
  const key = (expectStatus(await t.request({ method: 'POST', url: '/api/auth/api-keys', payload: { name: 'rep script' }, token: session.token }), 201).json() as { key: string }).key;
  // The key's first use stamps last_used_at; do it now, not inside a snapshot.
  expectStatus(await t.request({ method: 'GET', url: '/api/auth/me', token: key }), 200);
  rep = { token: session.token, key, cookie: session.cookie, csrf: session.csrf };
  ids = { users: user.id, departments: department.id, roles: role.id, 'permission-sets': set.id, 'sharing-rules': rule.id };
  routes = apiRoutes(t.app).filter((r) => r.url.startsWith('/api/admin/') && r.method !== 'HEAD');
});
afterAll(() => t.close());

const request = (route: ApiRoute, credential: { token?: string; headers?: Record<string, string> }) => {
  const area = route.url.split('/')[3] ?? '';
  return t.request({
    method: route.method as 'GET',
    url: fillRoute(route.url, { id: ids[area] ?? '' }),
    token: credential.token ?? null,
    headers: credential.headers ?? {},
    ...(payloads[`${route.method} ${route.url}`] ? { payload: payloads[`${route.method} ${route.url}`] } : {}),
  });
};

describe('a user who is not an administrator', () => {
  it('finds every admin route to walk', () => {
    const names = routes.map((r) => `${r.method} ${r.url}`);
    expect(names).toEqual(expect.arrayContaining(['GET /api/admin/users', 'PATCH /api/admin/users/:id', 'DELETE /api/admin/departments/:id', 'POST /api/admin/roles', 'GET /api/admin/audit']));
    expect(routes.length).toBeGreaterThanOrEqual(21);
  });

  it.each([
    ['a session token', () => ({ token: rep.token })],
    ['an API key', () => ({ token: rep.key })],
    ['the session cookie with its CSRF token', () => ({ headers: { cookie: rep.cookie, 'x-csrf-token': rep.csrf } })],
  ])('gets 403 forbidden on every admin route with %s, reads included, and nothing changes', async (_what, credential) => {
    const before = await snapshotTenant(t);
    for (const route of routes) {
      const res = await request(route, credential());
      expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBe(403);
      expectProblem(res, { status: 403, code: 'forbidden' });
    }
    expect(await snapshotTenant(t)).toEqual(before);
  });

  it('gets 403 before any verdict on a bad body', async () => {
    expectProblem(await t.request({ method: 'POST', url: '/api/admin/users', payload: { nonsense: true }, token: rep.token }), { status: 403, code: 'forbidden' });
    expectProblem(await t.request({ method: 'PATCH', url: '/api/admin/roles/not-an-id', payload: [], token: rep.token }), { status: 403, code: 'forbidden' });
  });

  it('is not an administrator by the admin’s own answer either (the same routes work for the admin)', async () => {
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const res = await request(route, { token: t.token });
      expect(res.statusCode, `${route.url}: ${res.body}`).toBe(200);
    }
  });
});
