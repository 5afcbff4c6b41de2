import { AppError, isUuid, newId, type Actor } from '../kernel/index.ts';
import { qualify, type Knex } from '../db/index.ts';
import { formatToken, randomSecret, sha256 } from './tokens.ts';
import { recordAudit, type RequestOrigin } from './audit-log.ts';

export const API_KEY_PREFIX = 'tsk';

export interface ApiKey {
  id: string;
  name: string;
  /** The first characters of the key, to recognise it; the key itself is shown once, at creation. */
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
}

const COLUMNS = 'id, name, prefix, created_at, last_used_at, expires_at';

/**
 * Creates an API key for the actor: `tsk.<tenant slug>.<secret>`, used as `Authorization: Bearer <key>`.
 * Only its SHA-256 is stored; the key is returned this once.
 */
export async function createApiKey(db: Knex, actor: Actor, input: { name: string; expiresAt?: Date | undefined }, origin: RequestOrigin): Promise<ApiKey & { key: string }> {
  const errors = [];
  if (input.name.trim() === '') errors.push({ field: 'name', message: 'must not be blank' });
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) errors.push({ field: 'expires_at', message: 'must be in the future' });
  if (errors.length) throw new AppError('validation_failed', 'The API key is not valid', { errors });
  const secret = randomSecret();
  const key = formatToken(API_KEY_PREFIX, actor.tenant.slug, secret);
  const prefix = `${API_KEY_PREFIX}.${actor.tenant.slug}.${secret.slice(0, 6)}`;
  return db.transaction(async (trx) => {
    const row = (
      await trx.raw<{ rows: ApiKey[] }>(
        `insert into ${qualify(actor.tenant.schema, '_api_keys')} (id, user_id, name, prefix, key_hash, expires_at) values (?, ?, ?, ?, ?, ?) returning ${COLUMNS}`,
        [newId(), actor.userId, input.name.trim(), prefix, sha256(secret), input.expiresAt ?? null],
      )
    ).rows[0] as ApiKey;
    await recordAudit(trx, actor.tenant.schema, { kind: 'api_key_created', actorId: actor.userId, userId: actor.userId, email: actor.email, origin, targetId: row.id, after: row });
    return { ...row, key };
  });
}

/** The actor's own keys that still work (not revoked), newest first. */
export async function listApiKeys(db: Knex, actor: Actor): Promise<ApiKey[]> {
  return (
    await db.raw<{ rows: ApiKey[] }>(`select ${COLUMNS} from ${qualify(actor.tenant.schema, '_api_keys')} where user_id = ? and revoked_at is null order by id desc`, [actor.userId])
  ).rows;
}

/** Revokes one of the actor's own keys; another user's key, or an unknown one, is 404. */
export async function revokeApiKey(db: Knex, actor: Actor, id: string, origin: RequestOrigin): Promise<void> {
  if (!isUuid(id)) throw new AppError('api_key_not_found');
  await db.transaction(async (trx) => {
    const row = (
      await trx.raw<{ rows: ApiKey[] }>(
        `update ${qualify(actor.tenant.schema, '_api_keys')} set revoked_at = now() where id = ? and user_id = ? and revoked_at is null returning ${COLUMNS}`,
        [id, actor.userId],
      )
    ).rows[0];
    if (!row) throw new AppError('api_key_not_found');
    await recordAudit(trx, actor.tenant.schema, { kind: 'api_key_revoked', actorId: actor.userId, userId: actor.userId, email: actor.email, origin, targetId: id, before: row });
  });
}
