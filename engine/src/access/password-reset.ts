import { AppError, newId, type Logger, type TenantRef } from '../kernel/index.ts';
import { findTenant, qualify, type Knex } from '../db/index.ts';
import { hashPassword } from './passwords.ts';
import { checkNewPassword } from './password-policy.ts';
import { findUserByEmail } from './users.ts';
import { revokeUserSessions } from './sessions.ts';
import { clearFailures } from './login-throttle.ts';
import { formatToken, parseToken, randomSecret, sha256 } from './tokens.ts';
import { recordAudit, type RequestOrigin } from './audit-log.ts';
import type { Mailer } from './mailer.ts';

export const RESET_PREFIX = 'tsr';
/** Reset mails per user per hour, beyond which requests are answered (202) but nothing is sent. */
const MAILS_PER_HOUR = 3;

/** A single-use reset token `tsr.<tenant slug>.<secret>`; only its hash is stored. */
export async function issueResetToken(db: Knex, tenant: TenantRef, userId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
  const secret = randomSecret();
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await db.raw(`insert into ${qualify(tenant.schema, '_password_resets')} (id, user_id, token_hash, expires_at) values (?, ?, ?, ?)`, [newId(), userId, sha256(secret), expiresAt]);
  return { token: formatToken(RESET_PREFIX, tenant.slug, secret), expiresAt };
}

export function resetMailText(token: string, expiresAt: Date): string {
  return [
    'Someone (hopefully you) asked to reset your Tessera password.',
    '',
    `Your reset token, valid until ${expiresAt.toISOString()} and usable once:`,
    '',
    token,
    '',
    'Use it with POST /api/auth/password-reset/confirm {"token": "<token>", "password": "<new password>"}.',
    'If you did not ask for this, ignore this mail: your password stays as it is.',
  ].join('\n');
}

export interface ResetDeps {
  mailer: Mailer | undefined;
  ttlSeconds: number;
  logger: Logger;
}

/**
 * Starts a reset by mail. Whatever the email, the caller answers the same (202): whether a user exists is
 * never revealed; the audit log says what happened. The mail is sent in the background.
 */
export async function requestPasswordReset(db: Knex, input: { email: string; tenant: string; origin: RequestOrigin }, deps: ResetDeps): Promise<void> {
  const tenant = await findTenant(db, input.tenant);
  if (!tenant) return;
  const user = await findUserByEmail(db, tenant.schema, input.email);
  const audit = (outcome: string) =>
    recordAudit(db, tenant.schema, { kind: 'password_reset_requested', userId: user?.id, email: input.email.trim().slice(0, 320), origin: input.origin, detail: { outcome } });
  if (!user) return audit('unknown_email');
  if (!user.active) return audit('inactive_user');
  if (!deps.mailer) return audit('no_mailer');
  const recent = (
    await db.raw<{ rows: Array<{ n: number }> }>(`select count(*)::int as n from ${qualify(tenant.schema, '_password_resets')} where user_id = ? and created_at > now() - interval '1 hour'`, [user.id])
  ).rows[0]?.n ?? 0;
  if (recent >= MAILS_PER_HOUR) return audit('rate_limited');
  const { token, expiresAt } = await issueResetToken(db, tenant, user.id, deps.ttlSeconds);
  await audit('sent');
  const mailer = deps.mailer;
  void mailer.send({ to: user.email, subject: 'Reset your Tessera password', text: resetMailText(token, expiresAt) }).catch((err: unknown) => deps.logger.error({ err }, 'password reset mail failed'));
}

/** Sets a new password with a reset token: once, before it expires, for an active user. Ends every session of the user. */
export async function confirmPasswordReset(db: Knex, input: { token: string; password: string; origin: RequestOrigin }): Promise<void> {
  const errors = checkNewPassword(input.password, 'password');
  if (errors.length) throw new AppError('validation_failed', 'The new password is not valid', { errors });
  const parsed = parseToken(input.token.trim(), RESET_PREFIX);
  const tenant = parsed ? await findTenant(db, parsed.slug) : undefined;
  if (!parsed || !tenant) throw new AppError('reset_token_invalid');
  const hash = await hashPassword(input.password);
  await db.transaction(async (trx) => {
    const row = (
      await trx.raw<{ rows: Array<{ id: string; user_id: string; email: string }> }>(
        `select r.id, r.user_id, u.email from ${qualify(tenant.schema, '_password_resets')} r join ${qualify(tenant.schema, '_users')} u on u.id = r.user_id
         where r.token_hash = ? and r.used_at is null and r.expires_at > now() and u.active for update of r`,
        [sha256(parsed.secret)],
      )
    ).rows[0];
    if (!row) throw new AppError('reset_token_invalid');
    await trx.raw(`update ${qualify(tenant.schema, '_users')} set password_hash = ?, updated_at = now() where id = ?`, [hash, row.user_id]);
    // The other tokens of this user die with this one: a mail read later cannot reset again.
    await trx.raw(`update ${qualify(tenant.schema, '_password_resets')} set used_at = now() where user_id = ? and used_at is null`, [row.user_id]);
    const sessionsRevoked = await revokeUserSessions(trx, tenant.schema, row.user_id);
    await clearFailures(trx, tenant.schema, undefined, row.email);
    await recordAudit(trx, tenant.schema, { kind: 'password_reset_completed', actorId: row.user_id, userId: row.user_id, email: row.email, origin: input.origin, detail: { sessions_revoked: sessionsRevoked } });
  });
}

/** For `tessera user reset-password`: a token printed to the operator instead of mailed. */
export async function issueResetTokenByEmail(db: Knex, input: { tenant: string; email: string }, ttlSeconds: number): Promise<{ token: string; expiresAt: Date; email: string }> {
  const tenant = await findTenant(db, input.tenant);
  if (!tenant) throw new AppError('tenant_not_found', `There is no tenant "${input.tenant}"`);
  const user = await findUserByEmail(db, tenant.schema, input.email);
  if (!user) throw new AppError('user_not_found', `There is no user ${input.email} in tenant ${tenant.slug}`);
  if (!user.active) throw new AppError('validation_failed', `${user.email} is deactivated; reactivate the user first`, { errors: [{ field: 'email', message: 'is a deactivated user' }] });
  const issued = await issueResetToken(db, tenant, user.id, ttlSeconds);
  await recordAudit(db, tenant.schema, { kind: 'password_reset_requested', userId: user.id, email: user.email, origin: { ip: 'cli', userAgent: 'tessera cli' }, detail: { outcome: 'printed_by_cli' } });
  return { ...issued, email: user.email };
}
