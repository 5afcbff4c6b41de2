import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../engine/src/access/index.ts';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { problemOf } from '../support/record-helpers.ts';

let t: TestEngine;
const SALES_PASSWORD = 'sales-rep-password-1';

beforeAll(async () => {
  t = await startTestEngine();
  await createUser(t.engine.knex, t.tenant.schema, { email: 'rep@example.com', password: SALES_PASSWORD, name: 'Rep' });
  await createUser(t.engine.knex, t.tenant.schema, { email: 'twin@example.com', password: SALES_PASSWORD, name: 'Twin' });
});
afterAll(() => t.close());

const login = (payload: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/auth/login', payload: { tenant: t.tenant.slug, ...payload }, token: null });

describe('login', () => {
  it('returns a token, its expiry and the user without any password hash, and sets an httpOnly session cookie', async () => {
    const res = await login({ email: 'rep@example.com', password: SALES_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { token: string; expires_at: string; tenant: string; user: Record<string, unknown> };
    expect(body.token).toMatch(new RegExp(`^tss\\.${t.tenant.slug}\\.[A-Za-z0-9_-]{20,}$`));
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now());
    expect(body.tenant).toBe(t.tenant.slug);
    expect(body.user).toMatchObject({ email: 'rep@example.com', is_admin: false });
    expect(JSON.stringify(body)).not.toMatch(/password|argon2/i);
    const cookie = res.cookies.find((c) => c.name === 'tessera_session');
    expect(cookie).toMatchObject({ value: body.token, httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await t.request({ method: 'GET', url: '/api/auth/me', token: body.token });
    expect(me.json()).toMatchObject({ email: 'rep@example.com', is_admin: false, tenant: t.tenant.slug });
  });

  it('matches the email without regard to case', async () => {
    expect((await login({ email: 'REP@Example.com', password: SALES_PASSWORD })).statusCode).toBe(200);
  });

  it('answers a wrong password, an unknown email and an unknown tenant with the same 401 invalid_credentials body', async () => {
    const wrongPassword = await login({ email: 'rep@example.com', password: 'not the password' });
    const unknownEmail = await login({ email: 'nobody@example.com', password: SALES_PASSWORD });
    const unknownTenant = await login({ email: 'rep@example.com', password: SALES_PASSWORD, tenant: 'no-such-tenant' });
    const problem = problemOf(wrongPassword);
    expect([problem.status, problem.code]).toEqual([401, 'invalid_credentials']);
    expect(unknownEmail.statusCode).toBe(401);
    expect(unknownEmail.body).toBe(wrongPassword.body);
    expect(unknownTenant.body).toBe(wrongPassword.body);
    for (const res of [wrongPassword, unknownEmail, unknownTenant]) expect(res.cookies).toEqual([]);
  });

  it('refuses a deactivated user with the same answer', async () => {
    await t.engine.knex.raw(`update ${qualify(t.tenant.schema, '_users')} set active = false where email = ?`, ['twin@example.com']);
    const res = await login({ email: 'twin@example.com', password: SALES_PASSWORD });
    expect(problemOf(res).code).toBe('invalid_credentials');
  });

  it('refuses a login body without email or password', async () => {
    for (const payload of [{ email: 'rep@example.com' }, { password: SALES_PASSWORD }, {}]) {
      const res = await login(payload);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(problemOf(res).code).toBe('validation_failed');
    }
  });
});

describe('stored passwords', () => {
  it('are argon2id hashes that never contain the password, salted per user', async () => {
    const rows = (await t.engine.knex.raw<{ rows: Array<{ email: string; password_hash: string }> }>(`select email, password_hash from ${qualify(t.tenant.schema, '_users')}`)).rows;
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      expect(row.password_hash).not.toContain(SALES_PASSWORD);
      expect(row.password_hash).not.toContain(t.adminPassword);
    }
    const rep = rows.find((r) => r.email === 'rep@example.com')?.password_hash;
    const twin = rows.find((r) => r.email === 'twin@example.com')?.password_hash;
    expect(rep).not.toBe(twin);
  });
});

describe('logout', () => {
  it('revokes only its own session', async () => {
    const first = (await login({ email: 'rep@example.com', password: SALES_PASSWORD })).json() as { token: string };
    const second = (await login({ email: 'rep@example.com', password: SALES_PASSWORD })).json() as { token: string };
    const out = await t.request({ method: 'POST', url: '/api/auth/logout', token: first.token });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'tessera_session')?.value).toBe('');
    expect(problemOf(await t.request({ method: 'GET', url: '/api/auth/me', token: first.token })).code).toBe('unauthorized');
    expect((await t.request({ method: 'GET', url: '/api/auth/me', token: second.token })).statusCode).toBe(200);
    expect(problemOf(await t.request({ method: 'POST', url: '/api/auth/logout', token: first.token })).code).toBe('unauthorized');
  });
});
