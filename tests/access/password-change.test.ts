import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { expectProblem } from '../support/snapshot.ts';
import { adminCreateUser, auditOf, expectStatus, logIn, loginRequest } from './helpers.ts';

let t: TestEngine;
let zhao = 0;
beforeAll(async () => {
  t = await startTestEngine({ config: { loginMaxFailures: 3, loginLockoutSeconds: 60 } });
});
afterAll(() => t.close());

const change = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => t.request({ method: 'POST', url: '/api/auth/password', payload: body, token, headers });

describe('POST /api/auth/password', () => {
  it('changes the password and ends the user’s other sessions, keeping this one', async () => {
    await adminCreateUser(t, { email: 'chen@corp.test', name: 'Chen', password: 'first password' });
    const laptop = await logIn(t, 'chen@corp.test', 'first password');
    const phone = await logIn(t, 'chen@corp.test', 'first password');
    const res = expectStatus(await change(laptop.token, { current: 'first password', new: 'second password' }), 200);
    expect(res.json()).toEqual({ sessions_revoked: 1 });
    expectStatus(await t.request({ method: 'GET', url: '/api/auth/me', token: laptop.token }), 200);
    expectProblem(await t.request({ method: 'GET', url: '/api/auth/me', token: phone.token }), { status: 401, code: 'unauthorized' });
    expectProblem(await loginRequest(t, 'chen@corp.test', 'first password'), { status: 401, code: 'invalid_credentials' });
    await logIn(t, 'chen@corp.test', 'second password');
    expect((await auditOf(t, ['password_changed']))[0]).toMatchObject({ email: 'chen@corp.test', detail: { sessions_revoked: 1 } });
  });

  it('works by cookie only with the CSRF token', async () => {
    await adminCreateUser(t, { email: 'wang@corp.test', name: 'Wang', password: 'first password' });
    const browser = await logIn(t, 'wang@corp.test', 'first password');
    expectProblem(await change('', { current: 'first password', new: 'second password' }, { cookie: browser.cookie }), { status: 403, code: 'csrf_failed' });
    expectStatus(await change('', { current: 'first password', new: 'second password' }, { cookie: browser.cookie, 'x-csrf-token': browser.csrf }), 200);
    await logIn(t, 'wang@corp.test', 'second password');
  });

  it.each<[string, Record<string, unknown>, number, string, string]>([
    ['a wrong current password', { current: 'not it', new: 'a fine new password' }, 422, 'validation_failed', 'current'],
    ['a short new password', { current: 'zhao password', new: 'short' }, 422, 'validation_failed', 'new'],
    ['a new password equal to the current one', { current: 'zhao password', new: 'zhao password' }, 422, 'validation_failed', 'new'],
    ['a missing new password', { current: 'zhao password' }, 422, 'validation_failed', 'new'],
    ['an unknown property', { current: 'zhao password', new: 'a fine new password', confirm: 'x' }, 422, 'validation_failed', 'confirm'],
  ])('refuses %s and keeps the password', async (_what, body, status, code, field) => {
    const user = await adminCreateUser(t, { email: `zhao-${++zhao}@corp.test`, name: 'Zhao', password: 'zhao password' });
    const session = await logIn(t, user.email, 'zhao password');
    expectProblem(await change(session.token, body), { status, code: code as 'validation_failed', fields: [field] });
    await logIn(t, user.email, 'zhao password');
  });

  it('counts wrong current passwords toward the lockout', async () => {
    await adminCreateUser(t, { email: 'guess@corp.test', name: 'Guess', password: 'guess password' });
    const stolen = await logIn(t, 'guess@corp.test', 'guess password');
    expectProblem(await change(stolen.token, { current: 'try 1', new: 'hijacked password' }), { status: 422, code: 'validation_failed' });
    expectProblem(await change(stolen.token, { current: 'try 2', new: 'hijacked password' }), { status: 422, code: 'validation_failed' });
    const third = await change(stolen.token, { current: 'try 3', new: 'hijacked password' });
    expectProblem(third, { status: 429, code: 'too_many_attempts' });
    expect(Number(third.headers['retry-after'])).toBe(60);
    expectProblem(await change(stolen.token, { current: 'guess password', new: 'hijacked password' }), { status: 429, code: 'too_many_attempts' });
    expectProblem(await loginRequest(t, 'guess@corp.test', 'guess password'), { status: 429, code: 'too_many_attempts' });
  });

  it('ends every session when made with an API key', async () => {
    await adminCreateUser(t, { email: 'bot@corp.test', name: 'Bot', password: 'bot password 1' });
    const session = await logIn(t, 'bot@corp.test', 'bot password 1');
    const key = (expectStatus(await t.request({ method: 'POST', url: '/api/auth/api-keys', payload: { name: 'k' }, token: session.token }), 201).json() as { key: string }).key;
    expect(expectStatus(await change(key, { current: 'bot password 1', new: 'bot password 2' }), 200).json()).toEqual({ sessions_revoked: 1 });
    expectProblem(await t.request({ method: 'GET', url: '/api/auth/me', token: session.token }), { status: 401, code: 'unauthorized' });
    expectStatus(await t.request({ method: 'GET', url: '/api/auth/me', token: key }), 200);
  });

  it('needs a credential', async () => {
    expectProblem(await t.request({ method: 'POST', url: '/api/auth/password', payload: { current: 'a', new: 'b' }, token: null }), { status: 401, code: 'unauthorized' });
  });
});
