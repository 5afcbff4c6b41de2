import { AppError, isUuid, newId, type JsonValue } from '../kernel/index.ts';
import { qualify, type Knex } from '../db/index.ts';

/** Every kind of entry the security audit log holds; the list is part of the API (filter by kind). */
export const AUDIT_KINDS = [
  'login_succeeded',
  'login_failed',
  'login_locked',
  'logout',
  'password_changed',
  'password_reset_requested',
  'password_reset_completed',
  'user_created',
  'user_updated',
  'department_created',
  'department_updated',
  'department_deleted',
  'role_created',
  'role_updated',
  'role_deleted',
  'permission_set_created',
  'permission_set_updated',
  'permission_set_deleted',
  'sharing_rule_created',
  'sharing_rule_updated',
  'sharing_rule_deleted',
  'api_key_created',
  'api_key_revoked',
  'records_exported',
] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Where a request came from, as the audit log records it. */
export interface RequestOrigin {
  ip: string;
  userAgent?: string | undefined;
}

export interface AuditEntry {
  kind: AuditKind;
  /** Who did it (absent for anonymous events such as a failed login). */
  actorId?: string | undefined;
  /** The user it concerns. */
  userId?: string | undefined;
  email?: string | undefined;
  origin?: RequestOrigin | undefined;
  /** The id of the department, role, permission set, sharing rule or API key concerned. */
  targetId?: string | undefined;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, JsonValue> | undefined;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Appends one entry; pass the transaction of the change it records so both commit or neither does. */
export async function recordAudit(db: Knex, schema: string, entry: AuditEntry): Promise<void> {
  await db.raw(
    `insert into ${qualify(schema, '_audit_log')} (id, kind, actor_id, user_id, email, ip, user_agent, target_id, before, after, detail)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)`,
    [
      newId(),
      entry.kind,
      entry.actorId ?? null,
      entry.userId ?? null,
      entry.email ?? null,
      entry.origin?.ip ?? null,
      entry.origin?.userAgent?.slice(0, 500) ?? null,
      entry.targetId ?? null,
      json(entry.before),
      json(entry.after),
      json(entry.detail),
    ],
  );
}

export interface AuditQuery {
  kinds?: string[] | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  userId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface AuditRecord {
  id: string;
  at: string;
  kind: AuditKind;
  actor_id: string | null;
  user_id: string | null;
  email: string | null;
  ip: string | null;
  user_agent: string | null;
  target_id: string | null;
  before: JsonValue;
  after: JsonValue;
  detail: JsonValue;
}

function decodeAuditCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) throw new AppError('invalid_cursor', 'The cursor is not one this API returned', { errors: [{ field: 'cursor', message: 'is not a cursor of this list' }] });
  return id;
}

/**
 * Newest first, keyset-paged on the id (a uuid v7, ordered by time): a page never repeats or skips an
 * entry, however many are written meanwhile.
 */
export async function listAudit(db: Knex, schema: string, query: AuditQuery): Promise<{ items: AuditRecord[]; next_cursor: string | null }> {
  const unknown = (query.kinds ?? []).filter((k) => !(AUDIT_KINDS as readonly string[]).includes(k));
  if (unknown.length) throw new AppError('invalid_parameter', `Unknown audit kinds: ${unknown.join(', ')}`, { errors: [{ field: 'kind', message: `must be among ${AUDIT_KINDS.join(', ')}` }] });
  const where: string[] = [];
  const bindings: unknown[] = [];
  if (query.kinds?.length) {
    where.push('kind = any(?::text[])');
    bindings.push(query.kinds);
  }
  if (query.since) {
    where.push('at >= ?');
    bindings.push(query.since);
  }
  if (query.until) {
    where.push('at < ?');
    bindings.push(query.until);
  }
  if (query.userId) {
    where.push('(user_id = ? or actor_id = ?)');
    bindings.push(query.userId, query.userId);
  }
  if (query.cursor) {
    where.push('id < ?');
    bindings.push(decodeAuditCursor(query.cursor));
  }
  const result = await db.raw<{ rows: Array<Omit<AuditRecord, 'at'> & { at: Date }> }>(
    `select * from ${qualify(schema, '_audit_log')} ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit ?`,
    [...bindings, query.limit + 1] as never[],
  );
  const rows = result.rows.slice(0, query.limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((row) => ({ ...row, at: row.at.toISOString() })),
    next_cursor: result.rows.length > query.limit && last ? Buffer.from(last.id).toString('base64url') : null,
  };
}
