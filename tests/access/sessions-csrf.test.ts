import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectProblem } from '../support/snapshot.ts';
import { adminCreateUser, auditOf, expectStatus, logIn, loginRequest } from './helpers.ts';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
  await adminCreateUser(t, { email: 'web@corp.test', name: 'Web', password: 'web password 1' });
});
afterAll(() => t.close());

const sessionRow = async (token: string) =>
  (
    await t.engine.knex.raw<{ rows: Array<{ csrf_hash: string; revoked_at: Date | null }> }>(
      `select csrf_hash, revoked_at from ${qualify(t.tenant.schema, '_sessions')} where token_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')`,
      [token.split('.')[2] ?? ''],
    )
  ).rows[0];

describe('login for a browser', () => {
  it('sets an httpOnly session cookie and a readable CSRF cookie, returns the CSRF token, and keeps only its hash', async () => {
    const res = expectStatus(await loginRequest(t, 'web@corp.test', 'web password 1'), 200);
    const body = res.json() as { token: string; csrf_token: string };
    expect(body.csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = res.cookies.find((c) => c.name === 'tessera_session');
    const csrf = res.cookies.find((c) => c.name === 'tessera_csrf');
    expect(session).toMatchObject({ value: body.token, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(csrf).toMatchObject({ value: body.csrf_token, sameSite: 'Lax', path: '/' });
    expect(csrf?.httpOnly).not.toBe(true);
    const row = await sessionRow(body.token);
    expect(row?.csrf_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.csrf_hash).not.toContain(body.csrf_token);
  });

  it('refuses a cookie write carrying the CSRF token of another session', async () => {
    const mine = await logIn(t, 'web@corp.test', 'web password 1');
    const theirs = await logIn(t, 'web@corp.test', 'web password 1');
    const session = mine.cookie.split('; ').find((c) => c.startsWith('tessera_session=')) as string;
    expectProblem(await t.request({ method: 'POST', url: '/api/auth/api-keys', payload: { name: 'x' }, token: null, headers: { cookie: session, 'x-csrf-token': theirs.csrf } }), { status: 403, code: 'csrf_failed' });
    expectStatus(await t.request({ method: 'POST', url: '/api/auth/api-keys', payload: { name: 'x' }, token: null, headers: { cookie: session, 'x-csrf-token': mine.csrf } }), 201);
  });
});

describe('logout', () => {
  it('by cookie needs the CSRF token; then it revokes the session, clears both cookies and is audited', async () => {
    const browser = await logIn(t, 'web@corp.test', 'web password 1');
    expectProblem(await t.request({ method: 'POST', url: '/api/auth/logout', token: null, headers: { cookie: browser.cookie } }), { status: 403, code: 'csrf_failed' });
    expectStatus(await t.request({ method: 'GET', url: '/api/auth/me', token: null, headers: { cookie: browser.cookie } }), 200);

    const out = expectStatus(await t.request({ method: 'POST', url: '/api/auth/logout', token: null, headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf } }), 204);
    expect(out.cookies.filter((c) => c.value === '').map((c) => c.name).sort()).toEqual(['tessera_csrf', 'tessera_session']);
    expect((await sessionRow(browser.token))?.revoked_at).toBeInstanceOf(Date);
    expectProblem(await t.request({ method: 'GET', url: '/api/auth/me', token: null, headers: { cookie: browser.cookie } }), { status: 401, code: 'unauthorized' });
    expect((await auditOf(t, ['logout']))[0]).toMatchObject({ email: 'web@corp.test', user_id: browser.userId });
  });

  it('by bearer token needs no CSRF token', async () => {
    const session = await logIn(t, 'web@corp.test', 'web password 1');
    expectStatus(await t.request({ method: 'POST', url: '/api/auth/logout', token: session.token }), 204);
    expectProblem(await t.request({ method: 'GET', url: '/api/auth/me', token: session.token }), { status: 401, code: 'unauthorized' });
  });
});
