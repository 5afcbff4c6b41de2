import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../engine/src/kernel/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectProblem } from '../support/snapshot.ts';
import { adminCreateUser, auditOf, expectStatus } from './helpers.ts';

const PASSWORD = 'the right password';
const PROXY = '10.9.8.7';
/** No TESSERA_TRUST_PROXY: the TCP peer is the client, whatever X-Forwarded-For says. */
let direct: TestEngine;
/** TESSERA_TRUST_PROXY=<the proxy's address>: the peer is a proxy, and the address it forwards is the client's. */
let proxied: TestEngine;

beforeAll(async () => {
  direct = await startTestEngine({ config: { loginMaxFailures: 3, loginLockoutSeconds: 60 } });
  proxied = await startTestEngine({ config: { loginMaxFailures: 3, loginLockoutSeconds: 60, trustProxy: loadConfig({ TESSERA_TRUST_PROXY: PROXY }).trustProxy } });
  for (const t of [direct, proxied]) await adminCreateUser(t, { email: 'li@corp.test', name: 'Li', password: PASSWORD });
});
afterAll(async () => {
  await direct.close();
  await proxied.close();
});

const login = (t: TestEngine, password: string, forwardedFor?: string) =>
  t.request({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'li@corp.test', password, tenant: t.tenant.slug },
    token: null,
    remoteAddress: PROXY,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });

describe('the client address behind a proxy (TESSERA_TRUST_PROXY)', () => {
  it('ignores X-Forwarded-For unless configured: a client cannot escape its lockout by inventing addresses', async () => {
    expectProblem(await login(direct, 'wrong 1', '198.51.100.1'), { status: 401, code: 'invalid_credentials' });
    expectProblem(await login(direct, 'wrong 2', '198.51.100.2'), { status: 401, code: 'invalid_credentials' });
    expectProblem(await login(direct, 'wrong 3', '198.51.100.3'), { status: 429, code: 'too_many_attempts' });
    expectProblem(await login(direct, PASSWORD, '198.51.100.4'), { status: 429, code: 'too_many_attempts' });
    const failures = await auditOf(direct, ['login_failed']);
    expect(failures.map((e) => e.ip)).toEqual([PROXY, PROXY, PROXY, PROXY]);
  });

  it('with TESSERA_TRUST_PROXY set, counts and audits the forwarded client address', async () => {
    const attacker = '203.0.113.9';
    expectProblem(await login(proxied, 'wrong 1', attacker), { status: 401, code: 'invalid_credentials' });
    expectProblem(await login(proxied, 'wrong 2', attacker), { status: 401, code: 'invalid_credentials' });
    expectProblem(await login(proxied, 'wrong 3', attacker), { status: 429, code: 'too_many_attempts' });
    // Another client through the same proxy is not locked out by the attacker's failures.
    expectStatus(await login(proxied, PASSWORD, '203.0.113.10'), 200);
    // Only the address the trusted proxy itself appended counts, not what the client put before it.
    expectProblem(await login(proxied, PASSWORD, `192.0.2.1, ${attacker}`), { status: 429, code: 'too_many_attempts' });
    const failures = await auditOf(proxied, ['login_failed']);
    expect(new Set(failures.map((e) => e.ip))).toEqual(new Set([attacker]));
    const [success] = await auditOf(proxied, ['login_succeeded']);
    expect(success?.ip).toBe('203.0.113.10');
  });

  it('marks the session cookies Secure for HTTPS a trusted proxy reports, and only then', async () => {
    const viaProxy = async (t: TestEngine) =>
      t.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'secure@corp.test', password: PASSWORD, tenant: t.tenant.slug },
        token: null,
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': '198.51.100.77', 'x-forwarded-proto': 'https' },
      });
    for (const t of [direct, proxied]) await adminCreateUser(t, { email: 'secure@corp.test', name: 'Secure', password: PASSWORD });
    const trusted = expectStatus(await viaProxy(proxied), 200);
    expect(trusted.cookies.map((c) => [c.name, c.secure === true])).toEqual([['tessera_session', true], ['tessera_csrf', true]]);
    const ignored = expectStatus(await viaProxy(direct), 200);
    expect(ignored.cookies.map((c) => [c.name, c.secure === true])).toEqual([['tessera_session', false], ['tessera_csrf', false]]);
  });

  it('reads TESSERA_TRUST_PROXY as off, on or a list of addresses, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TESSERA_TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TESSERA_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TESSERA_TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,::1,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.5', '::1', 'loopback']);
    // A hop count is refused rather than guessed at: Fastify cannot check the peer against one.
    for (const bad of ['1', '2', '10.0.0.0/33', 'proxy.internal', '1.2.3', ',']) {
      expect(() => loadConfig({ TESSERA_TRUST_PROXY: bad }), bad).toThrow(/TESSERA_TRUST_PROXY/);
    }
  });
});
