import { quoteIdent, type Knex } from '../db/index.ts';
import type { ObjectDef, TenantMetadata } from './types.ts';
import type { ChangeKind } from './changes.ts';

const t = (schema: string, table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;

/** The tenant's metadata, read in one statement so version and objects come from one snapshot. */
export async function loadMetadata(db: Knex | Knex.Transaction, schema: string): Promise<TenantMetadata> {
  const result = await db.raw<{ rows: Array<{ version: number; objects: ObjectDef[] }> }>(
    `select (select version from ${t(schema, '_meta_state')}) as version,
            coalesce((select json_agg(definition order by created_at, api_name) from ${t(schema, '_meta_objects')}), '[]'::json) as objects`,
  );
  const row = result.rows[0];
  return { version: Number(row?.version ?? 0), objects: row?.objects ?? [] };
}

/** Locks the tenant's metadata for a change (one change at a time per tenant) and reads it. */
export async function lockMetadata(trx: Knex.Transaction, schema: string): Promise<TenantMetadata> {
  await trx.raw(`select version from ${t(schema, '_meta_state')} where id = 1 for update`);
  return loadMetadata(trx, schema);
}

export async function writeObject(trx: Knex.Transaction, schema: string, definition: ObjectDef): Promise<void> {
  await trx.raw(
    `insert into ${t(schema, '_meta_objects')} (api_name, definition) values (?, ?::jsonb)
     on conflict (api_name) do update set definition = excluded.definition, updated_at = now()`,
    [definition.api_name, JSON.stringify(definition)],
  );
}

export async function bumpVersion(trx: Knex.Transaction, schema: string): Promise<number> {
  const result = await trx.raw<{ rows: Array<{ version: number }> }>(`update ${t(schema, '_meta_state')} set version = version + 1 where id = 1 returning version`);
  return Number(result.rows[0]?.version);
}

export interface ChangeRecord {
  id: string;
  version: number;
  at: string;
  actor_id: string | null;
  kind: ChangeKind | 'revert';
  object: string;
  field: string | null;
  before: ObjectDef | null;
  after: ObjectDef | null;
  statements: string[];
  reverts: string | null;
}

export async function recordChange(trx: Knex.Transaction, schema: string, change: Omit<ChangeRecord, 'at'>): Promise<void> {
  await trx.raw(
    `insert into ${t(schema, '_meta_changes')} (id, version, actor_id, kind, object, field, before, after, statements, reverts)
     values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?)`,
    [
      change.id,
      change.version,
      change.actor_id,
      change.kind,
      change.object,
      change.field,
      change.before === null ? null : JSON.stringify(change.before),
      change.after === null ? null : JSON.stringify(change.after),
      JSON.stringify(change.statements),
      change.reverts,
    ],
  );
}

export async function listChanges(db: Knex, schema: string, options: { object?: string; limit: number }): Promise<ChangeRecord[]> {
  const where = options.object === undefined ? '' : 'where object = ?';
  const bindings: unknown[] = options.object === undefined ? [] : [options.object];
  const result = await db.raw<{ rows: ChangeRecord[] }>(`select * from ${t(schema, '_meta_changes')} ${where} order by version desc limit ?`, [...bindings, options.limit] as readonly unknown[] as Knex.RawBinding[]);
  return result.rows.map(normaliseChange);
}

export async function getChange(db: Knex | Knex.Transaction, schema: string, id: string): Promise<ChangeRecord | undefined> {
  const result = await db.raw<{ rows: ChangeRecord[] }>(`select * from ${t(schema, '_meta_changes')} where id = ?`, [id]);
  const row = result.rows[0];
  return row ? normaliseChange(row) : undefined;
}

function normaliseChange(row: ChangeRecord): ChangeRecord {
  const at = row.at as unknown;
  return { ...row, version: Number(row.version), at: at instanceof Date ? at.toISOString() : String(at) };
}
