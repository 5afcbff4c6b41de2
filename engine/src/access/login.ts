import { AppError, type TenantRef } from '../kernel/index.ts';
import { findTenant, qualify, type Knex } from '../db/index.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { findUserByEmail, publicUser, type User } from './users.ts';
import { createSession } from './sessions.ts';
import { clearFailures, lockedFor, recordFailure, type ThrottlePolicy } from './login-throttle.ts';
import { recordAudit, type RequestOrigin } from './audit-log.ts';

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: User;
  tenant: TenantRef;
}

export interface LoginPolicy extends ThrottlePolicy {
  sessionTtlSeconds: number;
}

function tooManyAttempts(seconds: number): AppError {
  return new AppError('too_many_attempts', `Too many failed logins for this email from this address; try again in ${seconds} s`, { extra: { retry_after: seconds } });
}

/**
 * Checks email and password in the named tenant. Every failure gets one answer so nothing is revealed;
 * each is audited with its reason and counted toward a temporary lockout of this IP address and email.
 */
export async function login(db: Knex, input: { email: string; password: string; tenant: string; origin: RequestOrigin }, policy: LoginPolicy): Promise<LoginResult> {
  const tenant = await findTenant(db, input.tenant);
  if (!tenant) {
    await verifyPassword(await decoyHash(), input.password);
    throw new AppError('invalid_credentials');
  }
  const audit = { email: input.email.trim().slice(0, 320), origin: input.origin };
  const locked = await lockedFor(db, tenant.schema, input.origin.ip, input.email);
  if (locked > 0) {
    await recordAudit(db, tenant.schema, { kind: 'login_failed', ...audit, detail: { reason: 'locked_out' } });
    throw tooManyAttempts(locked);
  }
  const user = await findUserByEmail(db, tenant.schema, input.email);
  const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
  const reason = !user ? 'unknown_email' : !user.active ? 'inactive_user' : !user.password_hash ? 'no_password' : !ok ? 'wrong_password' : undefined;
  if (reason || !user) {
    await recordAudit(db, tenant.schema, { kind: 'login_failed', ...audit, userId: user?.id, detail: { reason: reason ?? 'unknown_email' } });
    const lockout = await recordFailure(db, tenant.schema, input.origin.ip, input.email, policy);
    if (lockout > 0) {
      await recordAudit(db, tenant.schema, { kind: 'login_locked', ...audit, userId: user?.id, detail: { seconds: lockout, failures: policy.maxFailures } });
      throw tooManyAttempts(lockout);
    }
    throw new AppError('invalid_credentials');
  }
  await clearFailures(db, tenant.schema, input.origin.ip, input.email);
  const session = await createSession(db, tenant, user.id, policy.sessionTtlSeconds);
  await db.raw(`update ${qualify(tenant.schema, '_users')} set last_login_at = now() where id = ?`, [user.id]);
  await recordAudit(db, tenant.schema, { kind: 'login_succeeded', ...audit, actorId: user.id, userId: user.id, targetId: session.id });
  return { token: session.token, csrfToken: session.csrfToken, expiresAt: session.expiresAt, user: { ...publicUser(user), last_login_at: new Date() }, tenant };
}
