import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { apiRoutes, createRecord, fillRoute, problemOf, tableRows, type ApiRoute } from '../support/record-helpers.ts';

let t: TestEngine;
let routes: ApiRoute[];
let params: Record<string, string>;

const PUBLIC = ['GET /api/health', 'HEAD /api/health', 'POST /api/auth/login', 'POST /api/auth/password-reset/request', 'POST /api/auth/password-reset/confirm'];
/** Routes that need a query string to answer 200. */
const QUERY: Record<string, string> = { '/api/search': '?q=Apollo' };
/** The id each `:id` route needs, by path prefix; records by default. */
let ids: Array<[string, string]>;

async function login(): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/api/auth/login', payload: { email: t.adminEmail, password: t.adminPassword, tenant: t.tenant.slug }, token: null });
  expect(res.statusCode).toBe(200);
  return (res.json() as { token: string }).token;
}

beforeAll(async () => {
  t = await startTestEngine();
  const created = await t.request({ method: 'POST', url: '/api/meta/objects', payload: { api_name: 'deal', label: { en: 'Deal' }, fields: [{ api_name: 'amount', type: 'integer' }, { api_name: 'parent', type: 'lookup', target: 'deal' }] } });
  expect(created.statusCode).toBe(201);
  const record = await createRecord(t, 'deal', { name: 'Apollo', amount: 1 });
  params = { object: 'deal', id: record.id, field: 'amount', child: 'deal' };
  params.change = (created.json() as { id: string }).id;
  const createdId = async (url: string, payload: Record<string, unknown>) => {
    const res = await t.request({ method: 'POST', url, payload });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  const me = (await t.request({ method: 'GET', url: '/api/auth/me' })).json() as { id: string };
  ids = [
    ['/api/meta/changes', params.change],
    ['/api/admin/users', me.id],
    ['/api/admin/departments', await createdId('/api/admin/departments', { name: 'Sales' })],
    ['/api/admin/roles', await createdId('/api/admin/roles', { api_name: 'rep' })],
    ['/api/admin/sharing-rules', await createdId('/api/admin/sharing-rules', { object: 'deal', api_name: 'big_deals', condition: { '>': [{ var: 'amount' }, 100] }, access: 'read', roles: ['rep'] })],
    ['/api/admin/permission-sets', await createdId('/api/admin/permission-sets', { api_name: 'export' })],
    ['/api/auth/api-keys', await createdId('/api/auth/api-keys', { name: 'ci' })],
    ['/api/views', await createdId('/api/views/deal', { name: 'Mine' })],
  ];
  routes = apiRoutes(t.app).filter((r) => !PUBLIC.includes(`${r.method} ${r.url}`));
});
afterAll(() => t.close());

const send = (route: ApiRoute, headers: Record<string, string>) =>
  t.app.inject({
    method: route.method as 'GET',
    url: fillRoute(route.url, { ...params, id: ids.find(([prefix]) => route.url.startsWith(prefix))?.[1] ?? params.id ?? '' }) + (QUERY[route.url] ?? ''),
    headers,
    ...(['POST', 'PATCH'].includes(route.method) ? { payload: { name: 'x' } } : {}),
  });

function expectUnauthorized(route: ApiRoute, res: LightMyRequestResponse): void {
  expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBe(401);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  if (route.method !== 'HEAD') expect(problemOf(res).code).toBe('unauthorized');
}

async function expectAllRefused(headers: Record<string, string>): Promise<void> {
  for (const route of routes) expectUnauthorized(route, await send(route, headers));
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

describe('every /api route but health, login and password reset needs a credential', () => {
  it('finds the routes to walk, records and metadata among them', () => {
    const names = routes.map((r) => `${r.method} ${r.url}`);
    expect(names).toEqual(expect.arrayContaining(['GET /api/records/:object', 'PATCH /api/records/:object/:id', 'POST /api/meta/objects', 'GET /api/openapi.json', 'POST /api/auth/logout', 'GET /api/auth/me']));
    expect(routes.length).toBeGreaterThan(20);
  });

  it('answers the public routes without a token', async () => {
    expect((await t.request({ method: 'GET', url: '/api/health', token: null })).statusCode).toBe(200);
    expect(await login()).toMatch(/^tss\./);
  });

  it('answers the read routes with a token (so the refusals below are about the credential)', async () => {
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const res = await send(route, { authorization: `Bearer ${t.token}` });
      expect(res.statusCode, `${route.url}: ${res.body}`).toBe(200);
    }
  });

  it('refuses every route without a token: 401 problem+json', async () => {
    await expectAllRefused({});
  });

  it.each([
    ['a bare scheme', () => 'Bearer'],
    ['another scheme', () => `Basic ${Buffer.from('admin:pw').toString('base64')}`],
    ['two tokens', () => `Bearer ${t.token} ${t.token}`],
    ['no scheme', () => t.token],
    ['a token of the wrong shape', () => 'Bearer abc.def'],
    ['a forged secret', () => `Bearer tss.${t.tenant.slug}.${crypto.randomBytes(32).toString('base64url')}`],
    ['a token of an unknown tenant', () => `Bearer ${t.token.replace(`tss.${t.tenant.slug}.`, 'tss.no-such-tenant.')}`],
  ])('refuses every route with %s in the Authorization header', async (_what, header) => {
    await expectAllRefused({ authorization: header() });
  });

  it('refuses every route with a token revoked by POST /api/auth/logout', async () => {
    const token = await login();
    expect((await t.request({ method: 'GET', url: '/api/auth/me', token })).statusCode).toBe(200);
    expect((await t.request({ method: 'POST', url: '/api/auth/logout', token })).statusCode).toBe(204);
    await expectAllRefused({ authorization: `Bearer ${token}` });
    expect((await t.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
  });

  it('refuses every route once the session has expired', async () => {
    const token = await login();
    expect((await t.request({ method: 'GET', url: '/api/auth/me', token })).statusCode).toBe(200);
    const secret = token.split('.')[2] ?? '';
    const updated = await t.engine.knex.raw<{ rowCount: number }>(`update ${qualify(t.tenant.schema, '_sessions')} set expires_at = now() - interval '1 second' where token_hash = ?`, [sha256(secret)]);
    expect(updated.rowCount).toBe(1);
    await expectAllRefused({ authorization: `Bearer ${token}` });
  });
});

describe('the session cookie', () => {
  let cookie: string;
  let csrf: string;
  beforeAll(async () => {
    const res = await t.request({ method: 'POST', url: '/api/auth/login', payload: { email: t.adminEmail, password: t.adminPassword, tenant: t.tenant.slug }, token: null });
    const set = res.cookies.find((c) => c.name === 'tessera_session');
    expect(set).toMatchObject({ httpOnly: true, path: '/', sameSite: 'Lax' });
    cookie = `tessera_session=${set?.value ?? ''}`;
    csrf = (res.json() as { csrf_token: string }).csrf_token;
    expect(res.cookies.find((c) => c.name === 'tessera_csrf')).toMatchObject({ value: csrf, path: '/', sameSite: 'Lax' });
  });

  it('authenticates reads', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json()).toMatchObject({ email: t.adminEmail, tenant: t.tenant.slug });
    const list = await t.app.inject({ method: 'GET', url: '/api/records/deal', headers: { cookie } });
    expect(list.statusCode).toBe(200);
  });

  it('is refused for every write without X-CSRF-Token (403 csrf_failed), and nothing is written', async () => {
    const before = await tableRows(t, 'deal');
    for (const route of routes.filter((r) => !['GET', 'HEAD'].includes(r.method))) {
      const res = await send(route, { cookie });
      expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBe(403);
      expect(problemOf(res).code).toBe('csrf_failed');
    }
    expect(await tableRows(t, 'deal')).toEqual(before);
    expect((await t.request({ method: 'GET', url: '/api/meta/objects/deal' })).json()).toMatchObject({ api_name: 'deal' });
    expect((await t.request({ method: 'GET', url: '/api/meta/objects/deal' })).json()).not.toHaveProperty('archived', true);
  });

  it('is refused for a write with a wrong or foreign X-CSRF-Token', async () => {
    const before = await tableRows(t, 'deal');
    const other = (await t.request({ method: 'POST', url: '/api/auth/login', payload: { email: t.adminEmail, password: t.adminPassword, tenant: t.tenant.slug }, token: null })).json() as { csrf_token: string };
    for (const header of ['', 'x', csrf.slice(0, -2), other.csrf_token, `${csrf} `]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/records/deal', headers: { cookie, 'x-csrf-token': header }, payload: { name: 'Forged' } });
      expect(problemOf(res).code, JSON.stringify(header)).toBe('csrf_failed');
    }
    expect(await tableRows(t, 'deal')).toEqual(before);
  });

  it('authenticates writes that echo the CSRF token from login in X-CSRF-Token', async () => {
    const headers = { cookie, 'x-csrf-token': csrf };
    const created = await t.app.inject({ method: 'POST', url: '/api/records/deal', headers, payload: { name: 'By cookie', amount: 3 } });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/records/deal/${id}`, headers, payload: { amount: 4 } });
    expect(patched.json()).toMatchObject({ id, amount: 4 });
    expect((await tableRows(t, 'deal')).find((r) => r.id === id)).toMatchObject({ name: 'By cookie', amount: 4 });
  });
  it('does not rescue a malformed Authorization header on a read', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie, authorization: 'Basic abc' } });
    expect(problemOf(res).code).toBe('unauthorized');
  });
});
