import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectProblem } from '../support/snapshot.ts';
import { adminCreateUser, expectStatus, loginRequest } from './helpers.ts';

interface Entry {
  id: string;
  at: string;
  kind: string;
  actor_id: string | null;
  user_id: string | null;
  email: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: Record<string, unknown> | null;
}

let t: TestEngine;
let between: string;

beforeAll(async () => {
  t = await startTestEngine();
  for (let i = 0; i < 7; i++) await adminCreateUser(t, { email: `u${i}@corp.test`, name: `U${i}`, password: 'u password 1' });
  await new Promise((r) => setTimeout(r, 20));
  between = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  await t.request({ method: 'POST', url: '/api/auth/login', payload: { email: 'u1@corp.test', password: 'u password 1', tenant: t.tenant.slug }, token: null, headers: { 'user-agent': 'Audit Browser/2.0' }, remoteAddress: '203.0.113.7' });
  await loginRequest(t, 'u2@corp.test', 'not the password');
});
afterAll(() => t.close());

const page = async (query: string) => expectStatus(await t.request({ method: 'GET', url: `/api/admin/audit?${query}` }), 200).json() as { items: Entry[]; next_cursor: string | null };

describe('GET /api/admin/audit', () => {
  it('records logins with email, address and user agent, newest first', async () => {
    const { items } = await page('kind=login_succeeded,login_failed');
    expect(items.map((e) => [e.kind, e.email])).toEqual([
      ['login_failed', 'u2@corp.test'],
      ['login_succeeded', 'u1@corp.test'],
      ['login_succeeded', t.adminEmail],
    ]);
    expect(items[1]).toMatchObject({ ip: '203.0.113.7', user_agent: 'Audit Browser/2.0' });
    expect(items[0]?.detail).toEqual({ reason: 'wrong_password' });
  });

  it('filters by time', async () => {
    const since = await page(`since=${encodeURIComponent(between)}`);
    expect(since.items.map((e) => e.kind).sort()).toEqual(['login_failed', 'login_succeeded']);
    const until = await page(`until=${encodeURIComponent(between)}&kind=login_failed,login_succeeded,user_created`);
    expect(until.items.map((e) => e.kind)).toEqual([...Array(7).fill('user_created'), 'login_succeeded']);
  });

  it('pages by cursor, newest first, without repeats or gaps', async () => {
    const all = (await page('limit=500')).items.map((e) => e.id);
    expect(all.length).toBeGreaterThanOrEqual(10);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const next: { items: Entry[]; next_cursor: string | null } = await page(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...next.items.map((e) => e.id));
      cursor = next.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect([...all].sort().reverse()).toEqual(all);
  });

  it.each([
    ['an unknown kind', 'kind=login_succeeded,password_peeked', 'invalid_parameter', 'kind'],
    ['a malformed since', 'since=yesterday', 'invalid_parameter', 'since'],
    ['a limit over 500', 'limit=501', 'invalid_parameter', 'limit'],
    ['a forged cursor', 'cursor=AAAA', 'invalid_cursor', 'cursor'],
    ['an unknown parameter', 'tenant=other', 'invalid_parameter', 'tenant'],
  ])('refuses %s with 400', async (_what, query, code, field) => {
    expectProblem(await t.request({ method: 'GET', url: `/api/admin/audit?${query}` }), { status: 400, code: code as 'invalid_parameter', fields: [field] });
  });
});
