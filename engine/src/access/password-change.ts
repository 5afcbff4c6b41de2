import { AppError, type Actor } from '../kernel/index.ts';
import { qualify, type Knex } from '../db/index.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { checkNewPassword } from './password-policy.ts';
import { revokeUserSessions } from './sessions.ts';
import { clearFailures, lockedFor, recordFailure, type ThrottlePolicy } from './login-throttle.ts';
import { recordAudit, type RequestOrigin } from './audit-log.ts';

/**
 * Changes the actor's own password after checking the current one (wrong guesses count toward the same
 * lockout as logins). Every other session of the user ends; the one making the change, if it is a session, stays.
 */
export async function changePassword(
  db: Knex,
  actor: Actor,
  input: { current: string; next: string; keepSessionId?: string | undefined; origin: RequestOrigin },
  policy: ThrottlePolicy,
): Promise<{ sessionsRevoked: number }> {
  const schema = actor.tenant.schema;
  const errors = checkNewPassword(input.next, 'new');
  if (input.next === input.current) errors.push({ field: 'new', message: 'must differ from the current password' });
  if (errors.length) throw new AppError('validation_failed', 'The new password is not valid', { errors });
  const locked = await lockedFor(db, schema, input.origin.ip, actor.email);
  if (locked > 0) throw new AppError('too_many_attempts', `Too many wrong passwords; try again in ${locked} s`, { extra: { retry_after: locked } });
  const row = (await db.raw<{ rows: Array<{ password_hash: string | null }> }>(`select password_hash from ${qualify(schema, '_users')} where id = ?`, [actor.userId])).rows[0];
  if (!row?.password_hash || !(await verifyPassword(row.password_hash, input.current))) {
    const lockout = await recordFailure(db, schema, input.origin.ip, actor.email, policy);
    if (lockout > 0) {
      await recordAudit(db, schema, { kind: 'login_locked', actorId: actor.userId, userId: actor.userId, email: actor.email, origin: input.origin, detail: { seconds: lockout, failures: policy.maxFailures, during: 'password_change' } });
      throw new AppError('too_many_attempts', `Too many wrong passwords; try again in ${lockout} s`, { extra: { retry_after: lockout } });
    }
    throw new AppError('validation_failed', 'The current password is wrong', { errors: [{ field: 'current', message: 'is not your current password' }] });
  }
  const hash = await hashPassword(input.next);
  return db.transaction(async (trx) => {
    await trx.raw(`update ${qualify(schema, '_users')} set password_hash = ?, updated_at = now() where id = ?`, [hash, actor.userId]);
    const sessionsRevoked = await revokeUserSessions(trx, schema, actor.userId, input.keepSessionId);
    await clearFailures(trx, schema, input.origin.ip, actor.email);
    await recordAudit(trx, schema, { kind: 'password_changed', actorId: actor.userId, userId: actor.userId, email: actor.email, origin: input.origin, detail: { sessions_revoked: sessionsRevoked } });
    return { sessionsRevoked };
  });
}
