import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../engine/src/access/index.ts';
import { qualify } from '../../engine/src/db/index.ts';
import { loadConfig } from '../../engine/src/kernel/index.ts';
import { testDatabaseUrl } from '../support/db.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { runCli } from '../support/spawn.ts';
import { expectProblem } from '../support/snapshot.ts';
import { adminCreateUser, auditOf, expectStatus, logIn, loginRequest } from './helpers.ts';
import { resetTokenIn, startSmtpServer, type TestSmtp } from './smtp.ts';

let smtp: TestSmtp;
/** Mail goes through TESSERA_SMTP_URL to the test's own SMTP server. */
let t: TestEngine;
/** No SMTP configured. */
let quiet: TestEngine;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const fromEnv = loadConfig({ TESSERA_SMTP_URL: smtp.url, TESSERA_MAIL_FROM: 'Tessera <tessera@corp.test>' });
  t = await startTestEngine({ config: { smtpUrl: fromEnv.smtpUrl, mailFrom: fromEnv.mailFrom } });
  quiet = await startTestEngine();
});
afterAll(async () => {
  await t.close();
  await quiet.close();
  await smtp.close();
});

const requestReset = (engine: TestEngine, email: string, tenant: string | undefined = engine.tenant.slug) =>
  engine.request({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email, ...(tenant ? { tenant } : {}) }, token: null });
const confirm = (engine: TestEngine, token: string, password: string) => engine.request({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token, password }, token: null });
const resetRows = async (engine: TestEngine) => (await engine.engine.knex.raw<{ rows: Array<{ token_hash: string; used_at: Date | null }> }>(`select token_hash, used_at from ${qualify(engine.tenant.schema, '_password_resets')}`)).rows;

describe('password reset by mail', () => {
  it('mails a single-use token to the user; the token sets a new password and ends every session', async () => {
    await adminCreateUser(t, { email: 'mei@corp.test', name: 'Mei', password: 'forgotten password' });
    const session = await logIn(t, 'mei@corp.test', 'forgotten password');
    const before = smtp.mails.length;
    const res = expectStatus(await requestReset(t, 'MEI@corp.test'), 202);
    expect(res.json()).toMatchObject({ status: 'accepted' });
    const mail = await smtp.waitForMail('mei@corp.test', { after: before });
    expect(mail.from).toBe('tessera@corp.test');
    expect(mail.raw).toMatch(/Subject: Reset your Tessera password/);
    const token = resetTokenIn(mail);
    expect(token.startsWith(`tsr.${t.tenant.slug}.`)).toBe(true);
    // Stored hashed, never as sent.
    const rows = await resetRows(t);
    expect(JSON.stringify(rows)).not.toContain(token.split('.')[2]);

    expectStatus(await confirm(t, token, 'remembered password'), 204);
    expectProblem(await t.request({ method: 'GET', url: '/api/auth/me', token: session.token }), { status: 401, code: 'unauthorized' });
    expectProblem(await loginRequest(t, 'mei@corp.test', 'forgotten password'), { status: 401, code: 'invalid_credentials' });
    await logIn(t, 'mei@corp.test', 'remembered password');

    expectProblem(await confirm(t, token, 'a third password'), { status: 400, code: 'reset_token_invalid' });
    await logIn(t, 'mei@corp.test', 'remembered password');
    const [done] = await auditOf(t, ['password_reset_completed']);
    expect(done).toMatchObject({ email: 'mei@corp.test', detail: { sessions_revoked: 1 } });
  });

  it('lets a user created without a password set one', async () => {
    await adminCreateUser(t, { email: 'invitee@corp.test', name: 'Invitee' });
    const before = smtp.mails.length;
    expectStatus(await requestReset(t, 'invitee@corp.test'), 202);
    const token = resetTokenIn(await smtp.waitForMail('invitee@corp.test', { after: before }));
    expectStatus(await confirm(t, token, 'my first password'), 204);
    await logIn(t, 'invitee@corp.test', 'my first password');
  });

  it('answers 202 for an unknown email, a deactivated user and an unknown tenant, sending nothing', async () => {
    const user = await adminCreateUser(t, { email: 'gone@corp.test', name: 'Gone', password: 'gone password' });
    expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${user.id}`, payload: { active: false } }), 200);
    const before = smtp.mails.length;
    const tokens = (await resetRows(t)).length;
    const answers = [await requestReset(t, 'nobody@corp.test'), await requestReset(t, 'gone@corp.test'), await requestReset(t, 'mei@corp.test', 'no-such-tenant')];
    for (const res of answers) expectStatus(res, 202);
    expect(new Set(answers.map((r) => r.body)).size).toBe(1);
    // A mail to a known user afterwards arrives, so any mail the requests above had sent would be here too.
    expectStatus(await requestReset(t, 'invitee@corp.test'), 202);
    await smtp.waitForMail('invitee@corp.test', { after: before });
    expect(smtp.mails.slice(before).flatMap((m) => m.to)).toEqual(['invitee@corp.test']);
    expect((await resetRows(t)).length).toBe(tokens + 1);
    const outcomes = (await auditOf(t, ['password_reset_requested'])).map((e) => [e.email, (e.detail as { outcome: string }).outcome]);
    expect(outcomes).toEqual(expect.arrayContaining([['nobody@corp.test', 'unknown_email'], ['gone@corp.test', 'inactive_user']]));
  });

  it('refuses an expired token, a forged one and one for a user deactivated since', async () => {
    const user = await adminCreateUser(t, { email: 'late@corp.test', name: 'Late', password: 'late password' });
    let before = smtp.mails.length;
    expectStatus(await requestReset(t, 'late@corp.test'), 202);
    const expired = resetTokenIn(await smtp.waitForMail('late@corp.test', { after: before }));
    await t.engine.knex.raw(`update ${qualify(t.tenant.schema, '_password_resets')} set expires_at = now() - interval '1 second' where user_id = ?`, [user.id]);
    expectProblem(await confirm(t, expired, 'late new password'), { status: 400, code: 'reset_token_invalid' });

    const forged = `${expired.slice(0, -4)}AAAA`;
    expectProblem(await confirm(t, forged, 'late new password'), { status: 400, code: 'reset_token_invalid' });
    expectProblem(await confirm(t, 'not a token', 'late new password'), { status: 400, code: 'reset_token_invalid' });

    before = smtp.mails.length;
    expectStatus(await requestReset(t, 'late@corp.test'), 202);
    const fresh = resetTokenIn(await smtp.waitForMail('late@corp.test', { after: before }));
    expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${user.id}`, payload: { active: false } }), 200);
    expectProblem(await confirm(t, fresh, 'late new password'), { status: 400, code: 'reset_token_invalid' });
  });

  it('refuses a weak new password (422) without using up the token', async () => {
    await adminCreateUser(t, { email: 'weak@corp.test', name: 'Weak' });
    const before = smtp.mails.length;
    expectStatus(await requestReset(t, 'weak@corp.test'), 202);
    const token = resetTokenIn(await smtp.waitForMail('weak@corp.test', { after: before }));
    expectProblem(await confirm(t, token, 'short'), { status: 422, code: 'validation_failed', fields: ['password'] });
    expectProblem(await t.request({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token }, token: null }), { status: 422, code: 'validation_failed', fields: ['password'] });
    expectProblem(await t.request({ method: 'POST', url: '/api/auth/password-reset/request', payload: {}, token: null }), { status: 422, code: 'validation_failed', fields: ['email'] });
    expectStatus(await confirm(t, token, 'a strong enough password'), 204);
  });

  it('sends at most 3 mails per user per hour', async () => {
    await adminCreateUser(t, { email: 'spammed@corp.test', name: 'Spammed' });
    const before = smtp.mails.length;
    for (let i = 0; i < 5; i++) expectStatus(await requestReset(t, 'spammed@corp.test'), 202);
    expectStatus(await requestReset(t, 'invitee@corp.test'), 202);
    await smtp.waitForMail('invitee@corp.test', { after: before });
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.mails.slice(before).filter((m) => m.to.includes('spammed@corp.test'))).toHaveLength(3);
  });

  it('never lets a token of one tenant reset a password in another', async () => {
    // The same email in both tenants; a token mailed in t names t, and only t's table holds its hash.
    await createUser(quiet.engine.knex, quiet.tenant.schema, { email: 'both@corp.test', password: 'quiet password' });
    await adminCreateUser(t, { email: 'both@corp.test', name: 'Both', password: 'loud password' });
    const before = smtp.mails.length;
    expectStatus(await requestReset(t, 'both@corp.test'), 202);
    const token = resetTokenIn(await smtp.waitForMail('both@corp.test', { after: before }));
    const edited = token.replace(`tsr.${t.tenant.slug}.`, `tsr.${quiet.tenant.slug}.`);
    expectProblem(await confirm(quiet, edited, 'taken over password'), { status: 400, code: 'reset_token_invalid' });
    expectStatus(await loginRequest(quiet, 'both@corp.test', 'quiet password'), 200);
    expectStatus(await confirm(t, token, 'loud new password'), 204);
    expectStatus(await loginRequest(quiet, 'both@corp.test', 'quiet password'), 200);
  });
});

describe('password reset without SMTP', () => {
  it('answers 202 and issues no token', async () => {
    await createUser(quiet.engine.knex, quiet.tenant.schema, { email: 'offline@corp.test', password: 'offline password' });
    expectStatus(await requestReset(quiet, 'offline@corp.test'), 202);
    expect(await resetRows(quiet)).toEqual([]);
    const entries = (await quiet.request({ method: 'GET', url: '/api/admin/audit?kind=password_reset_requested' })).json() as { items: Array<{ email: string; detail: { outcome: string } }> };
    expect(entries.items.map((e) => [e.email, e.detail.outcome])).toEqual([['offline@corp.test', 'no_mailer']]);
  });

  it('prints a working token with `tessera user reset-password`', async () => {
    const result = await runCli(['user', 'reset-password', '--email', 'OFFLINE@corp.test', '--tenant', quiet.tenant.slug], { DATABASE_URL: testDatabaseUrl() });
    expect(result.code, result.stderr).toBe(0);
    const token = /tsr\.[a-z0-9-]+\.[A-Za-z0-9_-]+/.exec(result.stdout)?.[0] ?? '';
    expect(token.startsWith(`tsr.${quiet.tenant.slug}.`)).toBe(true);
    expectStatus(await confirm(quiet, token, 'offline new password'), 204);
    await logIn(quiet, 'offline@corp.test', 'offline new password');
    expectProblem(await confirm(quiet, token, 'offline third password'), { status: 400, code: 'reset_token_invalid' });
  });

  it('fails clearly in the CLI for an unknown user or tenant', async () => {
    const unknownUser = await runCli(['user', 'reset-password', '--email', 'nobody@corp.test', '--tenant', quiet.tenant.slug], { DATABASE_URL: testDatabaseUrl() });
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toMatch(/user_not_found/);
    const unknownTenant = await runCli(['user', 'reset-password', '--email', 'offline@corp.test', '--tenant', 'no-such-tenant'], { DATABASE_URL: testDatabaseUrl() });
    expect(unknownTenant.code).toBe(1);
    expect(unknownTenant.stderr).toMatch(/tenant_not_found/);
  });
});
