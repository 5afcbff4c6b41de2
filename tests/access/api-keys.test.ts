import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../engine/src/access/index.ts';
import { qualify } from '../../engine/src/db/index.ts';
import type { TenantRef } from '../../engine/src/kernel/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectProblem } from '../support/snapshot.ts';
import { adminCreateUser, auditOf, expectStatus, logIn, type LoggedIn } from './helpers.ts';

let t: TestEngine;
let rep: LoggedIn;
let other: LoggedIn;
let tenantB: TenantRef;

interface CreatedKey {
  id: string;
  key: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

beforeAll(async () => {
  t = await startTestEngine();
  expectStatus(await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'deal', label: 'Deal', fields: [{ api_name: 'amount', type: 'integer' }] } }), 201);
  // Records are access-checked: the rep's key may create deals because the rep's role may.
  expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: { api_name: 'deal_writer', object_rights: { deal: { create: true } } } }), 201);
  await adminCreateUser(t, { email: 'rep@corp.test', name: 'Rep', password: 'rep password 1', roles: ['deal_writer'] });
  await adminCreateUser(t, { email: 'other@corp.test', name: 'Other', password: 'other password 1' });
  rep = await logIn(t, 'rep@corp.test', 'rep password 1');
  other = await logIn(t, 'other@corp.test', 'other password 1');
  const knex = testKnex();
  tenantB = await freshTenant(knex);
  await createUser(knex, tenantB.schema, { email: 'rep@corp.test', password: 'rep password 1', isAdmin: true });
  await knex.destroy();
});
afterAll(() => t.close());

const createKey = async (token: string, payload: Record<string, unknown>): Promise<CreatedKey> =>
  expectStatus(await t.request({ method: 'POST', url: '/api/auth/api-keys', payload, token }), 201).json() as CreatedKey;
const listKeys = async (token: string) => (expectStatus(await t.request({ method: 'GET', url: '/api/auth/api-keys', token }), 200).json() as { items: Array<Record<string, unknown>> }).items;

describe('API keys', () => {
  it('are shown once at creation, stored hashed, and listed by prefix, name and dates only', async () => {
    const created = await createKey(rep.token, { name: 'Nightly sync' });
    expect(created.key).toMatch(new RegExp(`^tsk\\.${t.tenant.slug}\\.[A-Za-z0-9_-]{43}$`));
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(created.key.length - 20);
    const secret = created.key.split('.')[2] as string;
    const stored = (await t.engine.knex.raw<{ rows: Array<Record<string, unknown>> }>(`select * from ${qualify(t.tenant.schema, '_api_keys')} where id = ?`, [created.id])).rows;
    expect(JSON.stringify(stored)).not.toContain(secret);

    const listed = await listKeys(rep.token);
    expect(listed).toEqual([{ id: created.id, name: 'Nightly sync', prefix: created.prefix, created_at: created.created_at, last_used_at: null, expires_at: null }]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(await listKeys(other.token)).toEqual([]);
    expect((await auditOf(t, ['api_key_created']))[0]).toMatchObject({ target_id: created.id, email: 'rep@corp.test' });
  });

  it('act as their user through Authorization: Bearer, writes included without CSRF, and record when they were last used', async () => {
    const { key, id } = await createKey(rep.token, { name: 'writer' });
    expect((await t.request({ method: 'GET', url: '/api/auth/me', token: key })).json()).toMatchObject({ email: 'rep@corp.test', credential: 'api_key', tenant: t.tenant.slug });
    expectStatus(await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'By key', amount: 1 }, token: key }), 201);
    const listed = (await listKeys(rep.token)).find((k) => k.id === id);
    expect(Date.parse(String(listed?.last_used_at))).toBeGreaterThan(Date.now() - 60_000);
  });

  it('stop working when revoked, and vanish from the list', async () => {
    const { key, id } = await createKey(rep.token, { name: 'short lived' });
    expectStatus(await t.request({ method: 'GET', url: '/api/auth/me', token: key }), 200);
    expectProblem(await t.request({ method: 'DELETE', url: `/api/auth/api-keys/${id}`, token: other.token }), { status: 404, code: 'api_key_not_found' });
    expectStatus(await t.request({ method: 'GET', url: '/api/auth/me', token: key }), 200);
    expectStatus(await t.request({ method: 'DELETE', url: `/api/auth/api-keys/${id}`, token: rep.token }), 204);
    expectProblem(await t.request({ method: 'GET', url: '/api/auth/me', token: key }), { status: 401, code: 'unauthorized' });
    expectProblem(await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: 'x' }, token: key }), { status: 401, code: 'unauthorized' });
    expect((await listKeys(rep.token)).map((k) => k.id)).not.toContain(id);
    expectProblem(await t.request({ method: 'DELETE', url: `/api/auth/api-keys/${id}`, token: rep.token }), { status: 404, code: 'api_key_not_found' });
    expect((await auditOf(t, ['api_key_revoked']))[0]).toMatchObject({ target_id: id });
  });

  it('stop working when they expire', async () => {
    const { key, id } = await createKey(rep.token, { name: 'expiring', expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    expectStatus(await t.request({ method: 'GET', url: '/api/auth/me', token: key }), 200);
    await t.engine.knex.raw(`update ${qualify(t.tenant.schema, '_api_keys')} set expires_at = now() - interval '1 second' where id = ?`, [id]);
    expectProblem(await t.request({ method: 'GET', url: '/api/auth/me', token: key }), { status: 401, code: 'unauthorized' });
  });

  it('are not a session: they cannot log out, and are not accepted as the session cookie', async () => {
    const { key } = await createKey(rep.token, { name: 'not a cookie' });
    expectProblem(await t.request({ method: 'POST', url: '/api/auth/logout', token: key }), { status: 400, code: 'bad_request' });
    expectProblem(await t.request({ method: 'GET', url: '/api/auth/me', token: null, headers: { cookie: `tessera_session=${key}` } }), { status: 401, code: 'unauthorized' });
    expectStatus(await t.request({ method: 'GET', url: '/api/auth/me', token: key }), 200);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no name', {}, 'name'],
    ['a blank name', { name: '  ' }, 'name'],
    ['an expiry in the past', { name: 'x', expires_at: '2020-01-01T00:00:00Z' }, 'expires_at'],
    ['an expiry that is not a date', { name: 'x', expires_at: 'tomorrow' }, 'expires_at'],
    ['an unknown property', { name: 'x', scopes: ['all'] }, 'scopes'],
  ])('refuse %s (422) and create nothing', async (_what, payload, field) => {
    const before = await listKeys(rep.token);
    expectProblem(await t.request({ method: 'POST', url: '/api/auth/api-keys', payload, token: rep.token }), { status: 422, code: 'validation_failed', fields: [field] });
    expect(await listKeys(rep.token)).toEqual(before);
  });

  it('never work in another tenant, whatever the slug says', async () => {
    const { key } = await createKey(rep.token, { name: 'tenant bound' });
    const edited = key.replace(`tsk.${t.tenant.slug}.`, `tsk.${tenantB.slug}.`);
    for (const url of ['/api/auth/me', '/api/records/deal', '/api/admin/users', '/api/auth/api-keys']) {
      expectProblem(await t.request({ method: 'GET', url, token: edited }), { status: 401, code: 'unauthorized' });
    }
    expect((await t.request({ method: 'GET', url: '/api/auth/me', token: key })).json()).toMatchObject({ tenant: t.tenant.slug });
  });
});
