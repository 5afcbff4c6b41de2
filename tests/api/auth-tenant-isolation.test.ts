import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../engine/src/access/index.ts';
import type { TenantRef } from '../../engine/src/kernel/index.ts';
import { qualify } from '../../engine/src/db/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { apiRoutes, listAllPages, problemOf, tableRows, type ApiRecord, type RecordPage } from '../support/record-helpers.ts';

/** Tenant A is the test engine's own; tenant B lives on the same engine with an admin of the same email. */
let t: TestEngine;
let tenantB: TenantRef;
let tokenB: string;
const B_PASSWORD = 'tenant-b-password-9';

let dealA: ApiRecord;
let binnedA: ApiRecord;
let secretA: ApiRecord;
let changeA: string;
let dealsB: ApiRecord[];
/** Tenant A's identity data: a user, a department, a role, a permission set and an API key of its admin. */
let userA: { id: string };
let departmentA: { id: string };
let roleA: { id: string; api_name: string };
let setA: { id: string; api_name: string };
let keyA: { id: string; key: string };
let ruleA: { id: string };
/** A saved view of tenant A's admin, shared with everyone in A. */
let viewA: { id: string };

const asB = (options: InjectOptions) => t.request({ ...options, token: tokenB });
const login = (email: string, password: string, tenant: string) => t.request({ method: 'POST', url: '/api/auth/login', payload: { email, password, tenant }, token: null });

async function created(res: LightMyRequestResponse): Promise<ApiRecord> {
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ApiRecord;
}

beforeAll(async () => {
  t = await startTestEngine();
  const knex = testKnex();
  tenantB = await freshTenant(knex);
  await createUser(knex, tenantB.schema, { email: t.adminEmail, password: B_PASSWORD, isAdmin: true, name: 'Admin B' });
  await knex.destroy();
  const res = await login(t.adminEmail, B_PASSWORD, tenantB.slug);
  expect(res.statusCode).toBe(200);
  tokenB = (res.json() as { token: string }).token;

  const dealOf = (field: Record<string, unknown>) => ({ api_name: 'deal', label: { en: 'Deal' }, fields: [field] });
  const secret = await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'secret_a', label: { en: 'Secret' }, fields: [{ api_name: 'code', type: 'text' }] } });
  changeA = ((await created(secret)) as unknown as { id: string }).id;
  await created(await t.request({ method: 'POST', url: '/api/meta/objects', payload: dealOf({ api_name: 'amount', type: 'integer' }) }));
  await created(await asB({ method: 'POST', url: '/api/meta/objects', payload: dealOf({ api_name: 'budget', type: 'decimal' }) }));

  dealA = await created(await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'A deal', amount: 1 } }));
  binnedA = await created(await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'A binned', amount: 2 } }));
  expect((await t.request({ method: 'DELETE', url: `/api/records/deal/${binnedA.id}` })).statusCode).toBe(204);
  secretA = await created(await t.request({ method: 'POST', url: '/api/records/secret_a', payload: { name: 'A secret', code: 'x' } }));
  dealsB = [await created(await asB({ method: 'POST', url: '/api/records/deal', payload: { name: 'B deal', budget: 5 } }))];

  departmentA = await created(await t.request({ method: 'POST', url: '/api/admin/departments', payload: { name: 'A sales' } }));
  roleA = (await created(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'a_only_role', data_scopes: { secret_a: 'all' } } }))) as unknown as typeof roleA;
  setA = (await created(await t.request({ method: 'POST', url: '/api/admin/permission-sets', payload: { api_name: 'a_only_set', object_rights: { secret_a: { read: true } } } }))) as unknown as typeof setA;
  userA = await created(
    await t.request({ method: 'POST', url: '/api/admin/users', payload: { email: 'rep@a.test', name: 'A rep', password: 'a rep password', department_id: departmentA.id, roles: [roleA.api_name], permission_sets: [setA.api_name] } }),
  );
  keyA = (await created(await t.request({ method: 'POST', url: '/api/auth/api-keys', payload: { name: 'A integration' } }))) as unknown as typeof keyA;
  ruleA = await created(await t.request({ method: 'POST', url: '/api/admin/sharing-rules', payload: { object: 'secret_a', api_name: 'a_rule', condition: { '==': [{ var: 'code' }, 'x'] }, access: 'read', roles: [roleA.api_name] } }));
  viewA = await created(await t.request({ method: 'POST', url: '/api/views/deal', payload: { name: 'A shared view', shared: true, filter: { '>': [{ var: 'amount' }, 0] } } }));
});
afterAll(() => t.close());

/** Everything tenant A has, as A sees it and as stored. */
async function snapshotA() {
  return {
    objects: (await t.request({ method: 'GET', url: '/api/meta/objects' })).json() as unknown,
    changes: (await t.request({ method: 'GET', url: '/api/meta/changes' })).json() as unknown,
    deals: await tableRows(t, 'deal'),
    secrets: await tableRows(t, 'secret_a'),
    teams: (await t.engine.knex.raw<{ rows: unknown[] }>(`select * from ${qualify(t.tenant.schema, '_record_teams')} order by record_id, user_id`)).rows,
    users: (await t.request({ method: 'GET', url: '/api/admin/users?limit=500' })).json() as unknown,
    departments: (await t.request({ method: 'GET', url: '/api/admin/departments' })).json() as unknown,
    roles: (await t.request({ method: 'GET', url: '/api/admin/roles' })).json() as unknown,
    permissionSets: (await t.request({ method: 'GET', url: '/api/admin/permission-sets' })).json() as unknown,
    sharingRules: (await t.request({ method: 'GET', url: '/api/admin/sharing-rules' })).json() as unknown,
    apiKeys: (await t.request({ method: 'GET', url: '/api/auth/api-keys' })).json() as unknown,
    audit: (await t.request({ method: 'GET', url: '/api/admin/audit?limit=500' })).json() as unknown,
    savedViews: (await t.engine.knex.raw<{ rows: unknown[] }>(`select * from ${qualify(t.tenant.schema, '_saved_views')} order by id`)).rows,
  };
}

/** The ids in a list answer ({items: [{id}]}). */
const idsOf = (res: LightMyRequestResponse) => (res.json() as { items: Array<{ id: string }> }).items.map((i) => i.id);
const expect422 = async (options: InjectOptions, field: string) => {
  const res = await asB(options);
  const problem = problemOf(res);
  expect([problem.status, problem.code], res.body).toEqual([422, 'validation_failed']);
  expect(problem.errors?.map((e) => e.field)).toContain(field);
};

const expect404 = async (options: InjectOptions, code?: string) => {
  const res = await asB(options);
  const problem = problemOf(res);
  expect(problem.status, `${String(options.method)} ${String(options.url)}: ${res.body}`).toBe(404);
  if (code) expect(problem.code).toBe(code);
};
const bIds = () => dealsB.map((r) => r.id).sort();

/** What tenant B gets from each route when it aims at tenant A's data: its own data, or 404. */
const checks: Record<string, () => Promise<void>> = {
  'GET /api/auth/me': async () => {
    expect((await asB({ method: 'GET', url: '/api/auth/me' })).json()).toMatchObject({ email: t.adminEmail, tenant: tenantB.slug });
  },
  'POST /api/auth/logout': async () => {
    const other = (await login(t.adminEmail, B_PASSWORD, tenantB.slug)).json() as { token: string };
    expect((await t.request({ method: 'POST', url: '/api/auth/logout', token: other.token })).statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
  },
  'GET /api/meta/objects': async () => {
    const items = ((await asB({ method: 'GET', url: '/api/meta/objects?include_archived=true' })).json() as { items: Array<{ api_name: string; fields: Array<{ api_name: string }> }> }).items;
    expect(items.map((o) => o.api_name)).toContain('deal');
    expect(items.map((o) => o.api_name)).not.toContain('secret_a');
    expect(items.find((o) => o.api_name === 'deal')?.fields.map((f) => f.api_name)).toEqual(['name', 'budget']);
  },
  'POST /api/meta/objects': async () => {
    await created(await asB({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'b_extra', label: { en: 'B extra' } } }));
  },
  'GET /api/meta/objects/:object': async () => {
    await expect404({ method: 'GET', url: '/api/meta/objects/secret_a' }, 'object_not_found');
    expect((await asB({ method: 'GET', url: '/api/meta/objects/deal' })).json()).toMatchObject({ fields: [{ api_name: 'name' }, { api_name: 'budget' }] });
  },
  'PATCH /api/meta/objects/:object': () => expect404({ method: 'PATCH', url: '/api/meta/objects/secret_a', payload: { label: { en: 'Stolen' } } }, 'object_not_found'),
  'DELETE /api/meta/objects/:object': () => expect404({ method: 'DELETE', url: '/api/meta/objects/secret_a' }, 'object_not_found'),
  'POST /api/meta/objects/:object/fields': () => expect404({ method: 'POST', url: '/api/meta/objects/secret_a/fields', payload: { api_name: 'leak', type: 'text' } }, 'object_not_found'),
  'PATCH /api/meta/objects/:object/fields/:field': async () => {
    await expect404({ method: 'PATCH', url: '/api/meta/objects/secret_a/fields/code', payload: { label: { en: 'x' } } });
    await expect404({ method: 'PATCH', url: '/api/meta/objects/deal/fields/amount', payload: { label: { en: 'x' } } }, 'field_not_found');
  },
  'DELETE /api/meta/objects/:object/fields/:field': async () => {
    await expect404({ method: 'DELETE', url: '/api/meta/objects/secret_a/fields/code' });
    await expect404({ method: 'DELETE', url: '/api/meta/objects/deal/fields/amount' }, 'field_not_found');
  },
  'POST /api/meta/plan': async () => {
    await expect404({ method: 'POST', url: '/api/meta/plan', payload: { kind: 'archive_object', object: 'secret_a' } });
    await expect404({ method: 'POST', url: '/api/meta/plan', payload: { kind: 'archive_field', object: 'deal', field: 'amount' } });
  },
  'GET /api/meta/changes': async () => {
    const items = ((await asB({ method: 'GET', url: '/api/meta/changes?limit=500' })).json() as { items: Array<{ id: string; object: string }> }).items;
    expect(items.map((c) => c.id)).not.toContain(changeA);
    expect(items.map((c) => c.object)).not.toContain('secret_a');
  },
  'GET /api/meta/changes/:id': () => expect404({ method: 'GET', url: `/api/meta/changes/${changeA}` }, 'change_not_found'),
  'POST /api/meta/changes/:id/revert': () => expect404({ method: 'POST', url: `/api/meta/changes/${changeA}/revert` }, 'change_not_found'),
  'GET /api/records/:object': async () => {
    const page = (await asB({ method: 'GET', url: '/api/records/deal?limit=500' })).json() as RecordPage;
    expect(page.items.map((r) => r.id).sort()).toEqual(bIds());
    const spoofed = (await asB({ method: 'GET', url: `/api/records/deal?tenant=${t.tenant.slug}`, headers: { 'x-tenant': t.tenant.slug } })).json() as RecordPage;
    expect(spoofed.items.map((r) => r.id).sort()).toEqual(bIds());
    await expect404({ method: 'GET', url: '/api/records/secret_a' }, 'object_not_found');
  },
  'POST /api/records/:object': async () => {
    dealsB.push(await created(await asB({ method: 'POST', url: '/api/records/deal', payload: { name: 'B second', budget: 7 } })));
    await expect404({ method: 'POST', url: '/api/records/secret_a', payload: { name: 'x' } }, 'object_not_found');
  },
  'POST /api/records/:object/query': async () => {
    const byId = (await asB({ method: 'POST', url: '/api/records/deal/query', payload: { filter: { '==': [{ var: 'id' }, dealA.id] } } })).json() as RecordPage;
    expect(byId.items).toEqual([]);
    const all = (await asB({ method: 'POST', url: '/api/records/deal/query', payload: { limit: 500 } })).json() as RecordPage;
    expect(all.items.map((r) => r.id).sort()).toEqual(bIds());
    await expect404({ method: 'POST', url: '/api/records/secret_a/query', payload: {} }, 'object_not_found');
  },
  'GET /api/records/:object/count': async () => {
    expect((await asB({ method: 'GET', url: '/api/records/deal/count' })).json()).toEqual({ count: dealsB.length, exact: true });
    await expect404({ method: 'GET', url: '/api/records/secret_a/count' }, 'object_not_found');
  },
  'GET /api/records/:object/export': async () => {
    const res = await asB({ method: 'GET', url: '/api/records/deal/export?header=api' });
    expect(res.statusCode, res.body).toBe(200);
    for (const id of [dealA.id, binnedA.id]) expect(res.body).not.toContain(id);
    for (const id of bIds()) expect(res.body).toContain(id);
    expect(res.body).not.toContain('amount');
    await expect404({ method: 'GET', url: '/api/records/secret_a/export' }, 'object_not_found');
    await expect404({ method: 'GET', url: `/api/records/deal/export?saved_view=${viewA.id}` }, 'view_not_found');
  },
  'POST /api/records/:object/export': async () => {
    const res = await asB({ method: 'POST', url: '/api/records/deal/export', payload: { filter: { '==': [{ var: 'id' }, dealA.id] }, header: 'api' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n')).toHaveLength(1);
    await expect404({ method: 'POST', url: '/api/records/secret_a/export', payload: {} }, 'object_not_found');
  },
  'GET /api/views/:object': async () => {
    const items = ((await asB({ method: 'GET', url: '/api/views/deal' })).json() as { items: Array<{ id?: string; name: string }> }).items;
    expect(items.map((v) => v.id)).not.toContain(viewA.id);
    expect(items.map((v) => v.name)).not.toContain('A shared view');
    await expect404({ method: 'GET', url: '/api/views/secret_a' }, 'object_not_found');
    await expect404({ method: 'GET', url: `/api/records/deal?saved_view=${viewA.id}` }, 'view_not_found');
  },
  'POST /api/views/:object': async () => {
    await created(await asB({ method: 'POST', url: '/api/views/deal', payload: { name: 'B view', filter: { '>': [{ var: 'budget' }, 1] } } }));
    await expect404({ method: 'POST', url: '/api/views/secret_a', payload: { name: 'spy' } }, 'object_not_found');
  },
  'PATCH /api/views/:object/:id': () => expect404({ method: 'PATCH', url: `/api/views/deal/${viewA.id}`, payload: { name: 'Stolen' } }, 'view_not_found'),
  'DELETE /api/views/:object/:id': () => expect404({ method: 'DELETE', url: `/api/views/deal/${viewA.id}` }, 'view_not_found'),
  'GET /api/records/:object/:id/related/:child': () => expect404({ method: 'GET', url: `/api/records/secret_a/${secretA.id}/related/deal` }, 'object_not_found'),
  'GET /api/records/:object/:id/history': () => expect404({ method: 'GET', url: `/api/records/deal/${dealA.id}/history` }, 'record_not_found'),
  'GET /api/records/:object/recycle-bin': async () => {
    const bin = (await asB({ method: 'GET', url: '/api/records/deal/recycle-bin' })).json() as RecordPage;
    expect(bin.items.map((r) => r.id)).not.toContain(binnedA.id);
    await expect404({ method: 'GET', url: '/api/records/secret_a/recycle-bin' }, 'object_not_found');
  },
  'DELETE /api/records/:object/:id/purge': () => expect404({ method: 'DELETE', url: `/api/records/deal/${binnedA.id}/purge` }, 'record_not_found'),
  'GET /api/search': async () => {
    const res = await asB({ method: 'GET', url: `/api/search?q=${encodeURIComponent('A deal')}` });
    expect(res.statusCode, res.body).toBe(200);
    for (const id of [dealA.id, binnedA.id, secretA.id]) expect(res.body).not.toContain(id);
  },
  'GET /api/forms/:object': async () => {
    const form = await asB({ method: 'GET', url: '/api/forms/deal' });
    expect(form.statusCode, form.body).toBe(200);
    expect(form.body).toContain('budget');
    expect(form.body).not.toContain('amount');
    await expect404({ method: 'GET', url: '/api/forms/secret_a' }, 'object_not_found');
  },
  'POST /api/forms/:object/preview': async () => {
    const layout = { api_name: 'peek', label: { en: 'Peek' }, sections: [{ label: { en: 'All' }, fields: [{ field: 'budget' }] }] };
    await expect404({ method: 'POST', url: '/api/forms/secret_a/preview', payload: { layout } }, 'object_not_found');
    const form = await asB({ method: 'POST', url: '/api/forms/deal/preview', payload: { layout } });
    expect(form.statusCode, form.body).toBe(200);
    expect(form.body).toContain('budget');
    expect(form.body).not.toContain('amount');
  },
  'POST /api/meta/objects/:object/preview-rule': async () => {
    await expect404({ method: 'POST', url: '/api/meta/objects/secret_a/preview-rule', payload: { kind: 'condition', rule: { '==': [1, 1] } } }, 'object_not_found');
    // A's record id is no record of B's deal: the preview never reads it.
    await expect404({ method: 'POST', url: '/api/meta/objects/deal/preview-rule', payload: { kind: 'formula', return_type: 'text', rule: { var: 'name' }, record_id: dealA.id } }, 'record_not_found');
    const own = await asB({ method: 'POST', url: '/api/meta/objects/deal/preview-rule', payload: { kind: 'formula', return_type: 'text', rule: { var: 'name' }, record_id: dealsB[0]?.id } });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ record: { id: dealsB[0]?.id, name: 'B deal' } });
  },
  'GET /api/meta/packages': async () => {
    expect((await asB({ method: 'GET', url: '/api/meta/packages' })).json()).toEqual({ items: [] });
  },
  'GET /api/meta/diagram': async () => {
    expect((await asB({ method: 'GET', url: '/api/meta/diagram' })).json()).toEqual({ positions: {} });
  },
  'PUT /api/meta/diagram': async () => {
    const res = await asB({ method: 'PUT', url: '/api/meta/diagram', payload: { positions: { secret_a: { x: 1, y: 1 } } } });
    expect([problemOf(res).status, problemOf(res).code]).toEqual([422, 'invalid_metadata']);
  },
  'GET /api/users': async () => {
    const everyone = (await asB({ method: 'GET', url: '/api/users?limit=50' })).json() as { items: Array<{ id: string }> };
    expect(everyone.items.length).toBeGreaterThan(0);
    expect(everyone.items.map((u) => u.id)).not.toContain(userA.id);
    const byId = await asB({ method: 'GET', url: `/api/users?id=${userA.id}` });
    expect(byId.statusCode, byId.body).toBe(200);
    expect((byId.json() as { items: unknown[] }).items).toEqual([]);
  },
  'GET /api/records/:object/:id': async () => {
    await expect404({ method: 'GET', url: `/api/records/deal/${dealA.id}` }, 'record_not_found');
    await expect404({ method: 'GET', url: `/api/records/secret_a/${secretA.id}` }, 'object_not_found');
  },
  'PATCH /api/records/:object/:id': () => expect404({ method: 'PATCH', url: `/api/records/deal/${dealA.id}`, payload: { name: 'Stolen' } }, 'record_not_found'),
  'DELETE /api/records/:object/:id': () => expect404({ method: 'DELETE', url: `/api/records/deal/${dealA.id}` }, 'record_not_found'),
  'POST /api/records/:object/:id/restore': () => expect404({ method: 'POST', url: `/api/records/deal/${binnedA.id}/restore` }, 'record_not_found'),
  'POST /api/records/:object/transfer': async () => {
    await expect404({ method: 'POST', url: '/api/records/deal/transfer', payload: { ids: [dealA.id], owner_id: userA.id } }, 'record_not_found');
    await expect404({ method: 'POST', url: '/api/records/secret_a/transfer', payload: { ids: [secretA.id], owner_id: userA.id } }, 'object_not_found');
    await expect422({ method: 'POST', url: '/api/records/deal/transfer', payload: { ids: [dealsB[0]?.id], owner_id: userA.id } }, 'owner_id');
  },
  'GET /api/records/:object/:id/team': () => expect404({ method: 'GET', url: `/api/records/deal/${dealA.id}/team` }, 'record_not_found'),
  'PUT /api/records/:object/:id/team': async () => {
    await expect404({ method: 'PUT', url: `/api/records/deal/${dealA.id}/team`, payload: { members: [] } }, 'record_not_found');
    await expect422({ method: 'PUT', url: `/api/records/deal/${dealsB[0]?.id}/team`, payload: { members: [{ user_id: userA.id, access: 'edit' }] } }, 'members.0.user_id');
  },
  'POST /api/auth/password': () => expect422({ method: 'POST', url: '/api/auth/password', payload: { current: t.adminPassword, new: 'a brand new password' } }, 'current'),
  'POST /api/auth/api-keys': async () => {
    const keyB = (await created(await asB({ method: 'POST', url: '/api/auth/api-keys', payload: { name: 'B key' } }))) as unknown as { key: string };
    expect(keyB.key.startsWith(`tsk.${tenantB.slug}.`)).toBe(true);
    const edited = keyB.key.replace(`tsk.${tenantB.slug}.`, `tsk.${t.tenant.slug}.`);
    expect(problemOf(await t.request({ method: 'GET', url: '/api/records/deal', token: edited })).code).toBe('unauthorized');
  },
  'GET /api/auth/api-keys': async () => {
    expect(idsOf(await asB({ method: 'GET', url: '/api/auth/api-keys' }))).not.toContain(keyA.id);
  },
  'DELETE /api/auth/api-keys/:id': async () => {
    // A's key stays listed (not revoked): snapshotA compares A's key list before and after.
    await expect404({ method: 'DELETE', url: `/api/auth/api-keys/${keyA.id}` }, 'api_key_not_found');
  },
  'GET /api/admin/users': async () => {
    const ids = idsOf(await asB({ method: 'GET', url: '/api/admin/users?limit=500' }));
    expect(ids).toHaveLength(1);
    expect(ids).not.toContain(userA.id);
  },
  'POST /api/admin/users': async () => {
    await expect422({ method: 'POST', url: '/api/admin/users', payload: { email: 'x@b.test', name: 'X', department_id: departmentA.id } }, 'department_id');
    await expect422({ method: 'POST', url: '/api/admin/users', payload: { email: 'x@b.test', name: 'X', manager_id: userA.id } }, 'manager_id');
    await expect422({ method: 'POST', url: '/api/admin/users', payload: { email: 'x@b.test', name: 'X', roles: [roleA.api_name] } }, 'roles.0');
    await expect422({ method: 'POST', url: '/api/admin/users', payload: { email: 'x@b.test', name: 'X', permission_sets: [setA.api_name] } }, 'permission_sets.0');
  },
  'GET /api/admin/users/:id': () => expect404({ method: 'GET', url: `/api/admin/users/${userA.id}` }, 'user_not_found'),
  'PATCH /api/admin/users/:id': () => expect404({ method: 'PATCH', url: `/api/admin/users/${userA.id}`, payload: { active: false } }, 'user_not_found'),
  'GET /api/admin/users/:id/permissions': () => expect404({ method: 'GET', url: `/api/admin/users/${userA.id}/permissions` }, 'user_not_found'),
  'GET /api/admin/departments': async () => {
    expect(idsOf(await asB({ method: 'GET', url: '/api/admin/departments' }))).not.toContain(departmentA.id);
  },
  'POST /api/admin/departments': () => expect422({ method: 'POST', url: '/api/admin/departments', payload: { name: 'Under A', parent_id: departmentA.id } }, 'parent_id'),
  'GET /api/admin/departments/:id': () => expect404({ method: 'GET', url: `/api/admin/departments/${departmentA.id}` }, 'department_not_found'),
  'PATCH /api/admin/departments/:id': () => expect404({ method: 'PATCH', url: `/api/admin/departments/${departmentA.id}`, payload: { name: 'Stolen' } }, 'department_not_found'),
  'DELETE /api/admin/departments/:id': () => expect404({ method: 'DELETE', url: `/api/admin/departments/${departmentA.id}` }, 'department_not_found'),
  'GET /api/admin/roles': async () => {
    expect(idsOf(await asB({ method: 'GET', url: '/api/admin/roles' }))).not.toContain(roleA.id);
  },
  'POST /api/admin/roles': () => expect422({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'spy', data_scopes: { secret_a: 'all' } } }, 'data_scopes.secret_a'),
  'GET /api/admin/roles/:id': () => expect404({ method: 'GET', url: `/api/admin/roles/${roleA.id}` }, 'role_not_found'),
  'PATCH /api/admin/roles/:id': () => expect404({ method: 'PATCH', url: `/api/admin/roles/${roleA.id}`, payload: { label: 'Stolen' } }, 'role_not_found'),
  'DELETE /api/admin/roles/:id': () => expect404({ method: 'DELETE', url: `/api/admin/roles/${roleA.id}` }, 'role_not_found'),
  'GET /api/admin/permission-sets': async () => {
    expect(idsOf(await asB({ method: 'GET', url: '/api/admin/permission-sets' }))).not.toContain(setA.id);
  },
  'POST /api/admin/permission-sets': () => expect422({ method: 'POST', url: '/api/admin/permission-sets', payload: { api_name: 'spy', object_rights: { secret_a: { read: true } } } }, 'object_rights.secret_a'),
  'GET /api/admin/permission-sets/:id': () => expect404({ method: 'GET', url: `/api/admin/permission-sets/${setA.id}` }, 'permission_set_not_found'),
  'PATCH /api/admin/permission-sets/:id': () => expect404({ method: 'PATCH', url: `/api/admin/permission-sets/${setA.id}`, payload: { label: 'Stolen' } }, 'permission_set_not_found'),
  'DELETE /api/admin/permission-sets/:id': () => expect404({ method: 'DELETE', url: `/api/admin/permission-sets/${setA.id}` }, 'permission_set_not_found'),
  'GET /api/admin/sharing-rules': async () => {
    expect(idsOf(await asB({ method: 'GET', url: '/api/admin/sharing-rules' }))).not.toContain(ruleA.id);
  },
  'POST /api/admin/sharing-rules': async () => {
    const rule = { api_name: 'spy', condition: true, access: 'read' };
    await expect422({ method: 'POST', url: '/api/admin/sharing-rules', payload: { ...rule, object: 'secret_a', roles: [] } }, 'object');
    await expect422({ method: 'POST', url: '/api/admin/sharing-rules', payload: { ...rule, object: 'deal', roles: [roleA.api_name] } }, 'roles.0');
    await expect422({ method: 'POST', url: '/api/admin/sharing-rules', payload: { ...rule, object: 'deal', departments: [departmentA.id] } }, 'departments.0');
  },
  'GET /api/admin/sharing-rules/:id': () => expect404({ method: 'GET', url: `/api/admin/sharing-rules/${ruleA.id}` }, 'sharing_rule_not_found'),
  'PATCH /api/admin/sharing-rules/:id': () => expect404({ method: 'PATCH', url: `/api/admin/sharing-rules/${ruleA.id}`, payload: { condition: true } }, 'sharing_rule_not_found'),
  'DELETE /api/admin/sharing-rules/:id': () => expect404({ method: 'DELETE', url: `/api/admin/sharing-rules/${ruleA.id}` }, 'sharing_rule_not_found'),
  'GET /api/admin/audit': async () => {
    const items = ((await asB({ method: 'GET', url: '/api/admin/audit?limit=500' })).json() as { items: Array<{ user_id: string | null; target_id: string | null; email: string | null }> }).items;
    expect(items.length).toBeGreaterThan(0);
    const aIds = [userA.id, departmentA.id, roleA.id, setA.id, keyA.id, ruleA.id];
    expect(items.filter((i) => aIds.includes(i.user_id ?? '') || aIds.includes(i.target_id ?? '') || i.email === 'rep@a.test')).toEqual([]);
  },
  'GET /api/openapi.json': async () => {
    const doc = (await asB({ method: 'GET', url: '/api/openapi.json' })).json() as { info: { title: string }; paths: Record<string, unknown> };
    expect(doc.info.title).toContain(tenantB.slug);
    expect(JSON.stringify(doc)).not.toContain('secret_a');
    expect(JSON.stringify(doc)).not.toContain(t.tenant.slug);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/records/deal']));
    expect(JSON.stringify(doc)).toContain('"budget"');
    expect(JSON.stringify(doc)).not.toContain('"amount"');
  },
};

describe("tenant B's token against tenant A's data", () => {
  const PUBLIC = ['GET /api/health', 'POST /api/auth/login', 'POST /api/auth/password-reset/request', 'POST /api/auth/password-reset/confirm'];

  it('has a check for every authenticated route (HEAD answers through the GET handler)', () => {
    const walked = apiRoutes(t.app)
      .filter((r) => r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
      .filter((name) => !PUBLIC.includes(name));
    expect(walked.sort()).toEqual(Object.keys(checks).sort());
  });

  it.each(Object.keys(checks))('%s answers from B’s own data or with 404', async (route) => {
    const before = await snapshotA();
    await checks[route]?.();
    expect(await snapshotA()).toEqual(before);
  });

  it("leaves all of A's records where they were", async () => {
    const live = (await listAllPages(t, 'deal', { limit: 500 })).map((r) => r.id);
    expect(live).toEqual([dealA.id]);
    expect((await t.request({ method: 'GET', url: `/api/records/deal/${dealA.id}` })).json()).toEqual(dealA);
    expect((await tableRows(t, 'deal')).find((r) => r.id === binnedA.id)?.deleted_at).toBeInstanceOf(Date);
  });
});

describe('tokens and login carry the tenant', () => {
  it("refuses B's token with its slug edited to A's (401)", async () => {
    const edited = tokenB.replace(`tss.${tenantB.slug}.`, `tss.${t.tenant.slug}.`);
    expect(edited).not.toBe(tokenB);
    for (const url of ['/api/auth/me', '/api/records/deal', `/api/records/deal/${dealA.id}`, '/api/meta/objects']) {
      const res = await t.request({ method: 'GET', url, token: edited });
      expect(problemOf(res).code).toBe('unauthorized');
    }
  });

  it('checks the credentials only in the tenant named at login', async () => {
    const aWithB = await login(t.adminEmail, B_PASSWORD, t.tenant.slug);
    const bWithA = await login(t.adminEmail, t.adminPassword, tenantB.slug);
    expect(problemOf(aWithB).code).toBe('invalid_credentials');
    expect(problemOf(bWithA).code).toBe('invalid_credentials');
    const inB = (await login(t.adminEmail, B_PASSWORD, tenantB.slug)).json() as { token: string; tenant: string };
    expect(inB.tenant).toBe(tenantB.slug);
    const meB = (await t.request({ method: 'GET', url: '/api/auth/me', token: inB.token })).json() as { id: string; tenant: string };
    const meA = (await t.request({ method: 'GET', url: '/api/auth/me' })).json() as { id: string; tenant: string };
    expect(meB.tenant).toBe(tenantB.slug);
    expect(meA.tenant).toBe(t.tenant.slug);
    expect(meB.id).not.toBe(meA.id);
  });
});
