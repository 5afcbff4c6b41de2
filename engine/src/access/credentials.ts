import { type Actor, type TenantRef } from '../kernel/index.ts';
import { findTenant, qualify, query, type Knex } from '../db/index.ts';
import { SESSION_PREFIX } from './sessions.ts';
import { API_KEY_PREFIX } from './api-keys.ts';
import { parseToken, sha256 } from './tokens.ts';

/** A resolved credential: who, and through what. */
export interface Credential {
  actor: Actor;
  kind: 'session' | 'api_key';
  /** The session's or the API key's id. */
  id: string;
  /** Sessions only: the hash of the CSRF token that cookie-authenticated writes must present. */
  csrfHash: string | null;
  /** The tenant's access version when the credential was checked: computed access is reused only at this version. */
  accessVersion: number;
}

export interface CredentialResolver {
  /** A session token (`tss.…`) or an API key (`tsk.…`) → its credential, or undefined when unknown, expired or revoked. */
  resolve(token: string): Promise<Credential | undefined>;
}

interface Row {
  id: string;
  user_id: string;
  email: string;
  is_admin: boolean;
  locale: string;
  time_zone: string;
  csrf_hash: string | null;
  access_version: number;
}

/**
 * Resolves tokens inside the tenant their slug names, and only there: the secret's hash must be found in
 * that tenant's own table, so editing the slug can never reach another tenant. A deactivated user's
 * credentials resolve to nothing. The tenant directory is cached (tenants are never renamed).
 */
export function createCredentialResolver(db: Knex): CredentialResolver {
  const tenants = new Map<string, TenantRef>();
  const tenantOf = async (slug: string) => {
    let tenant = tenants.get(slug);
    if (!tenant) {
      tenant = await findTenant(db, slug);
      if (tenant) tenants.set(slug, tenant);
    }
    return tenant;
  };

  // Every request runs this: it goes through query(), the engine's hot-path statement runner.
  const session = async (tenant: TenantRef, secret: string) =>
    (
      await query<Row>(
        db,
        `select s.id, s.user_id, s.csrf_hash, u.email, u.is_admin, u.locale, u.time_zone, (select version from ${qualify(tenant.schema, '_access_state')}) as access_version
         from ${qualify(tenant.schema, '_sessions')} s join ${qualify(tenant.schema, '_users')} u on u.id = s.user_id
         where s.token_hash = ? and s.revoked_at is null and s.expires_at > now() and u.active`,
        [sha256(secret)],
        { prepare: true },
      )
    )[0];

  const apiKey = async (tenant: TenantRef, secret: string) => {
    const row = (
      await db.raw<{ rows: Row[] }>(
        `select k.id, k.user_id, null as csrf_hash, u.email, u.is_admin, u.locale, u.time_zone, (select version from ${qualify(tenant.schema, '_access_state')}) as access_version
         from ${qualify(tenant.schema, '_api_keys')} k join ${qualify(tenant.schema, '_users')} u on u.id = k.user_id
         where k.key_hash = ? and k.revoked_at is null and (k.expires_at is null or k.expires_at > now()) and u.active`,
        [sha256(secret)],
      )
    ).rows[0];
    // last_used_at is for people ("unused for months?"): a minute's precision spares a write per request.
    if (row) {
      await db.raw(`update ${qualify(tenant.schema, '_api_keys')} set last_used_at = now() where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')`, [row.id]);
    }
    return row;
  };

  return {
    async resolve(token) {
      const kind = token.startsWith(`${API_KEY_PREFIX}.`) ? 'api_key' : 'session';
      const parsed = parseToken(token, kind === 'api_key' ? API_KEY_PREFIX : SESSION_PREFIX);
      if (!parsed) return undefined;
      const tenant = await tenantOf(parsed.slug);
      if (!tenant) return undefined;
      const row = kind === 'api_key' ? await apiKey(tenant, parsed.secret) : await session(tenant, parsed.secret);
      if (!row) return undefined;
      return { actor: { tenant, userId: row.user_id, email: row.email, isAdmin: row.is_admin, locale: row.locale, timeZone: row.time_zone }, kind, id: row.id, csrfHash: row.csrf_hash, accessVersion: Number(row.access_version) };
    },
  };
}
