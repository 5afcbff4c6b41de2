import { newId, type TenantRef } from '../kernel/index.ts';
import { qualify, type Knex } from '../db/index.ts';
import { formatToken, randomSecret, sha256 } from './tokens.ts';

export const SESSION_COOKIE = 'tessera_session';
/** Readable by the page's script, which echoes it in X-CSRF-Token on every write (double submit). */
export const CSRF_COOKIE = 'tessera_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_PREFIX = 'tss';

export interface NewSession {
  id: string;
  token: string;
  /** Sent back in X-CSRF-Token by a browser that authenticates with the session cookie. */
  csrfToken: string;
  expiresAt: Date;
}

/**
 * A session token is `tss.<tenant slug>.<secret>`; only the secret's SHA-256 is stored, in the tenant's own
 * `_sessions` table, beside the hash of the session's CSRF token.
 */
export async function createSession(db: Knex, tenant: TenantRef, userId: string, ttlSeconds: number): Promise<NewSession> {
  const secret = randomSecret();
  const csrfToken = randomSecret();
  const id = newId();
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await db.raw(`insert into ${qualify(tenant.schema, '_sessions')} (id, token_hash, csrf_hash, user_id, expires_at) values (?, ?, ?, ?, ?)`, [
    id,
    sha256(secret),
    sha256(csrfToken),
    userId,
    expiresAt,
  ]);
  return { id, token: formatToken(SESSION_PREFIX, tenant.slug, secret), csrfToken, expiresAt };
}

export async function revokeSession(db: Knex, schema: string, sessionId: string): Promise<void> {
  await db.raw(`update ${qualify(schema, '_sessions')} set revoked_at = now() where id = ? and revoked_at is null`, [sessionId]);
}

/** Ends every live session of a user, except `keepId` (the one changing its own password). */
export async function revokeUserSessions(db: Knex, schema: string, userId: string, keepId?: string): Promise<number> {
  const result = await db.raw<{ rowCount: number }>(
    `update ${qualify(schema, '_sessions')} set revoked_at = now() where user_id = ? and revoked_at is null and expires_at > now()${keepId ? ' and id <> ?' : ''}`,
    keepId ? [userId, keepId] : [userId],
  );
  return result.rowCount;
}
