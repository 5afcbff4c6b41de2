import crypto from 'node:crypto';
import { newId, type Actor, type TenantRef } from '../kernel/index.ts';
import { findTenant, qualify, type Knex } from '../db/index.ts';

export const SESSION_COOKIE = 'tessera_session';
const PREFIX = 'tss';

function hashToken(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/**
 * A session token is `tss.<tenant slug>.<secret>`. The slug only says where to look: the secret's hash
 * must be found in that tenant's own session table, so editing the slug can never reach another tenant.
 */
export async function createSession(db: Knex, tenant: TenantRef, userId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
  const secret = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await db.raw(`insert into ${qualify(tenant.schema, '_sessions')} (id, token_hash, user_id, expires_at) values (?, ?, ?, ?)`, [newId(), hashToken(secret), userId, expiresAt]);
  return { token: `${PREFIX}.${tenant.slug}.${secret}`, expiresAt };
}

function parseToken(token: string): { slug: string; secret: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !/^[a-z][a-z0-9-]{1,39}$/.test(parts[1] ?? '') || !/^[A-Za-z0-9_-]{20,100}$/.test(parts[2] ?? '')) return undefined;
  return { slug: parts[1] as string, secret: parts[2] as string };
}

export interface SessionResolver {
  resolve(token: string): Promise<Actor | undefined>;
  revoke(token: string): Promise<void>;
}

/** Resolves tokens to actors. The tenant directory is cached (tenants are never renamed); sessions are read each time. */
export function createSessionResolver(db: Knex): SessionResolver {
  const tenants = new Map<string, TenantRef>();
  const tenantOf = async (slug: string) => {
    let tenant = tenants.get(slug);
    if (!tenant) {
      tenant = await findTenant(db, slug);
      if (tenant) tenants.set(slug, tenant);
    }
    return tenant;
  };
  return {
    async resolve(token) {
      const parsed = parseToken(token);
      if (!parsed) return undefined;
      const tenant = await tenantOf(parsed.slug);
      if (!tenant) return undefined;
      const result = await db.raw<{ rows: Array<{ user_id: string; email: string; is_admin: boolean }> }>(
        `select s.user_id, u.email, u.is_admin from ${qualify(tenant.schema, '_sessions')} s join ${qualify(tenant.schema, '_users')} u on u.id = s.user_id
         where s.token_hash = ? and s.revoked_at is null and s.expires_at > now() and u.active`,
        [hashToken(parsed.secret)],
      );
      const row = result.rows[0];
      return row ? { tenant, userId: row.user_id, email: row.email, isAdmin: row.is_admin } : undefined;
    },
    async revoke(token) {
      const parsed = parseToken(token);
      if (!parsed) return;
      const tenant = await tenantOf(parsed.slug);
      if (!tenant) return;
      await db.raw(`update ${qualify(tenant.schema, '_sessions')} set revoked_at = now() where token_hash = ? and revoked_at is null`, [hashToken(parsed.secret)]);
    },
  };
}
