import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createEngine, type Engine } from '../../engine/src/http/index.ts';
import { loadConfig, silentLogger } from '../../engine/src/kernel/index.ts';
import { testDatabaseUrl } from '../support/db.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectProblem } from '../support/snapshot.ts';
import { adminCreateUser, auditOf, expectStatus, loginRequest } from './helpers.ts';

const LOCKOUT_SECONDS = 2;
const PASSWORD = 'the right password';
let t: TestEngine;
/** A second engine instance on the same database: the count lives in the tenant's tables, not in memory. */
let other: { engine: Engine; app: FastifyInstance };

beforeAll(async () => {
  t = await startTestEngine({ config: { loginMaxFailures: 5, loginLockoutSeconds: LOCKOUT_SECONDS } });
  for (const email of ['victim@corp.test', 'bystander@corp.test', 'steady@corp.test']) await adminCreateUser(t, { email, name: email, password: PASSWORD });
  const config = { ...loadConfig({}), databaseUrl: testDatabaseUrl(), loginMaxFailures: 5, loginLockoutSeconds: LOCKOUT_SECONDS };
  const engine = await createEngine({ config, databaseUrl: testDatabaseUrl(), logger: silentLogger });
  other = { engine, app: await buildApp(engine) };
});
afterAll(async () => {
  await other.app.close();
  await other.engine.close();
  await t.close();
});

const loginOnOther = (email: string, password: string, ip = '127.0.0.1') =>
  other.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password, tenant: t.tenant.slug }, remoteAddress: ip, headers: { 'user-agent': 'lockout-test/1' } });

describe('login lockout per IP address and email', () => {
  it('locks after 5 consecutive failures (429 with Retry-After), on every instance, even for the right password; then lets the right password in', async () => {
    for (let i = 1; i <= 4; i++) expectProblem(await loginRequest(t, 'victim@corp.test', `wrong ${i}`), { status: 401, code: 'invalid_credentials' });
    const fifth = await loginOnOther('victim@corp.test', 'wrong 5');
    const problem = expectProblem(fifth, { status: 429, code: 'too_many_attempts' });
    expect(Number(fifth.headers['retry-after'])).toBe(LOCKOUT_SECONDS);
    expect(problem.retry_after).toBe(LOCKOUT_SECONDS);

    for (const res of [await loginRequest(t, 'victim@corp.test', PASSWORD), await loginOnOther('VICTIM@corp.test', PASSWORD)]) {
      expectProblem(res, { status: 429, code: 'too_many_attempts' });
      const retry = Number(res.headers['retry-after']);
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(LOCKOUT_SECONDS);
      expect(res.cookies).toEqual([]);
    }

    // The same email from another address, and another email from this address, are not locked.
    expectStatus(await loginOnOther('victim@corp.test', PASSWORD, '10.1.2.3'), 200);
    expectStatus(await loginRequest(t, 'bystander@corp.test', PASSWORD), 200);

    await new Promise((resolve) => setTimeout(resolve, LOCKOUT_SECONDS * 1000 + 200));
    const after = expectStatus(await loginRequest(t, 'victim@corp.test', PASSWORD), 200);
    expect((after.json() as { token: string }).token).toMatch(/^tss\./);
  });

  it('starts counting again after a success', async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i <= 4; i++) expectProblem(await loginRequest(t, 'steady@corp.test', `wrong ${i}`), { status: 401, code: 'invalid_credentials' });
      expectStatus(await loginRequest(t, 'steady@corp.test', PASSWORD), 200);
    }
  });

  it('counts unknown emails too, without revealing that they are unknown', async () => {
    for (let i = 1; i <= 4; i++) expectProblem(await loginRequest(t, 'ghost@corp.test', 'x'), { status: 401, code: 'invalid_credentials' });
    expectProblem(await loginRequest(t, 'ghost@corp.test', 'x'), { status: 429, code: 'too_many_attempts' });
  });

  it('audits each failure with its reason, address and user agent, and each lockout', async () => {
    const failures = await auditOf(t, ['login_failed']);
    const victims = failures.filter((e) => e.email === 'victim@corp.test' || e.email === 'VICTIM@corp.test');
    expect(victims.map((e) => (e.detail as { reason: string }).reason).sort()).toEqual([...Array(5).fill('wrong_password'), 'locked_out', 'locked_out'].sort());
    expect(victims.find((e) => e.ip === '127.0.0.1' && e.user_agent === 'lockout-test/1')).toBeDefined();
    expect(failures.filter((e) => e.email === 'ghost@corp.test').map((e) => (e.detail as { reason: string }).reason)).toEqual(Array(5).fill('unknown_email'));
    const locks = await auditOf(t, ['login_locked']);
    expect(locks.map((e) => e.email).sort()).toEqual(['ghost@corp.test', 'victim@corp.test']);
    expect(locks[0]).toMatchObject({ detail: { seconds: LOCKOUT_SECONDS, failures: 5 } });
    const successes = await auditOf(t, ['login_succeeded']);
    expect(successes.filter((e) => e.email === 'victim@corp.test')).toHaveLength(2);
  });
});
