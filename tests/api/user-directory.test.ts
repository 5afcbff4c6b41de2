import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../engine/src/access/index.ts';
import type { TenantRef } from '../../engine/src/kernel/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { adminCreateUser, expectStatus, logIn } from '../access/helpers.ts';

/**
 * GET /api/users: the directory a user picker reads. A rep (no admin, no rights on users) finds
 * colleagues by the beginning of a name or email; deactivated users and other tenants' users never
 * appear; only id, name, email, department and active leave the engine.
 */

interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  department: string | null;
  active: boolean;
}

let t: TestEngine;
let tenantB: TenantRef;
let rep: { token: string };
let zhang: { id: string };
let retired: { id: string };

const find = async (query: string, token = rep.token) => (expectStatus(await t.request({ method: 'GET', url: `/api/users${query}`, token }), 200).json() as { items: DirectoryUser[] }).items;
const names = (items: DirectoryUser[]) => items.map((u) => u.name);

beforeAll(async () => {
  t = await startTestEngine();
  const sales = expectStatus(await t.request({ method: 'POST', url: '/api/admin/departments', payload: { name: 'Sales East' } }), 201).json() as { id: string };
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'rep' } }), 201);
  await adminCreateUser(t, { email: 'rep@dir.test', name: 'Rita Rep', password: 'rep password 1', roles: ['rep'] });
  zhang = await adminCreateUser(t, { email: 'wei.zhang@dir.test', name: 'Zhang Wei', password: 'zhang password 1', department_id: sales.id });
  await adminCreateUser(t, { email: 'zoe@dir.test', name: 'Zoë Adams', password: 'zoe password 12' });
  await adminCreateUser(t, { email: 'li.na@dir.test', name: '李娜', password: 'li na password 1' });
  await adminCreateUser(t, { email: 'percent@dir.test', name: '100% Sure', password: 'percent password 1' });
  retired = await adminCreateUser(t, { email: 'zed.retired@dir.test', name: 'Zed Retired', password: 'zed password 12' });
  expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${retired.id}`, payload: { active: false } }), 200);
  rep = await logIn(t, 'rep@dir.test', 'rep password 1');
  // Another tenant on the same engine, with a user whose name and email would match.
  const knex = testKnex();
  tenantB = await freshTenant(knex);
  await createUser(knex, tenantB.schema, { email: 'zhang.other@dir.test', password: 'other tenant password 1', name: 'Zhang Other' });
  await knex.destroy();
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('GET /api/users', () => {
  it('lets a rep find colleagues by the beginning of a name, a word of it or an email, case-insensitively', async () => {
    const byName = await find('?q=zha');
    expect(names(byName)).toEqual(['Zhang Wei']);
    expect(byName[0]).toEqual({ id: zhang.id, name: 'Zhang Wei', email: 'wei.zhang@dir.test', department: 'Sales East', active: true });
    expect(names(await find('?q=WEI'))).toEqual(['Zhang Wei']);
    expect(names(await find('?q=wei.z'))).toEqual(['Zhang Wei']);
    expect(names(await find('?q=李'))).toEqual(['李娜']);
    // % and _ are letters to look for, not wildcards.
    expect(names(await find('?q=100%25'))).toEqual(['100% Sure']);
    expect(await find('?q=_')).toEqual([]);
    // Not a part in the middle of a word.
    expect(await find('?q=ang')).toEqual([]);
  });

  it('lists everyone active by name without q, up to the limit', async () => {
    const all = await find('');
    expect(names(all)).toEqual(['100% Sure', 'Admin', 'Rita Rep', 'Zhang Wei', 'Zoë Adams', '李娜']);
    expect(names(await find('?limit=2'))).toEqual(['100% Sure', 'Admin']);
  });

  it('never shows deactivated users in a search, but names them by id (a stored value)', async () => {
    expect(await find('?q=zed')).toEqual([]);
    expect(names(await find('?q=z'))).toEqual(['Zhang Wei', 'Zoë Adams']);
    const byId = await find(`?id=${retired.id}&id=${zhang.id}`);
    expect(byId.map((u) => [u.name, u.active])).toEqual([
      ['Zed Retired', false],
      ['Zhang Wei', true],
    ]);
  });

  it('shows only id, name, email, department and active: no password, token, roles or settings', async () => {
    for (const user of await find('')) expect(Object.keys(user).sort()).toEqual(['active', 'department', 'email', 'id', 'name']);
    const raw = expectStatus(await t.request({ method: 'GET', url: '/api/users?q=rita', token: rep.token }), 200).body;
    expect(raw).not.toMatch(/password|hash|token|is_admin|locale|roles/);
  });

  it('keeps tenants apart: another tenant’s users never appear, not even by id', async () => {
    expect(names(await find('?q=zhang'))).toEqual(['Zhang Wei']);
    const knex = testKnex();
    const other = (await knex.raw<{ rows: Array<{ id: string }> }>(`select id from "${tenantB.schema}"."_users"`)).rows;
    await knex.destroy();
    expect(other).toHaveLength(1);
    expect(await find(`?id=${other[0]?.id ?? ''}`)).toEqual([]);
    // Tenant B's own user sees only tenant B.
    const res = await t.request({ method: 'POST', url: '/api/auth/login', payload: { email: 'zhang.other@dir.test', password: 'other tenant password 1', tenant: tenantB.slug }, token: null });
    const tokenB = (expectStatus(res, 200).json() as { token: string }).token;
    expect(names(await find('?q=zhang', tokenB))).toEqual(['Zhang Other']);
  });

  it('refuses bad parameters with a problem naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['?limit=0', 'limit'],
      ['?limit=51', 'limit'],
      ['?limit=ten', 'limit'],
      [`?q=${'a'.repeat(101)}`, 'q'],
      ['?q=%00', 'q'],
      ['?id=not-a-uuid', 'id.0'],
      ['?color=red', 'color'],
    ];
    for (const [query, field] of cases) {
      const res = await t.request({ method: 'GET', url: `/api/users${query}`, token: rep.token });
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json() as { code: string; errors: Array<{ field: string }> };
      expect(problem.code).toBe('invalid_parameter');
      expect(problem.errors.map((e) => e.field)).toContain(field);
    }
  });

  it('answers 401 without a session or key', async () => {
    const res = await t.request({ method: 'GET', url: '/api/users?q=zhang', token: null });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('is in the OpenAPI document', async () => {
    const doc = expectStatus(await t.request({ method: 'GET', url: '/api/openapi.json', token: rep.token }), 200).json() as { paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }> };
    expect(doc.paths['/api/users']?.get?.parameters?.map((p) => p.name).sort()).toEqual(['id', 'limit', 'q']);
  });
});
