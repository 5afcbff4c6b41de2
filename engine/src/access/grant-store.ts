import { AppError, isUuid, newId, type ErrorCode, type FieldError, type JsonSchema } from '../kernel/index.ts';
import { qualify, quoteIdent, translatePgError, type Knex } from '../db/index.ts';
import { checkApiName, labelFromApiName, loadMetadata, type LocalizedText } from '../metadata/index.ts';
import { permissionSetCreateSchema, permissionSetPatchSchema, roleCreateSchema, rolePatchSchema } from './admin-schemas.ts';
import { checkDataScopes, checkFieldRights, checkObjectRights, type DataScope, type DataScopeMap, type FieldRightsMap, type ObjectRightsMap } from './rights.ts';
import { checkInput, failIfAny } from './input.ts';
import { recordAudit, type AuditKind } from './audit-log.ts';
import type { AdminContext } from './admin-context.ts';

/** Roles and permission sets are stored alike: rights per object and field; a role also has data scopes. */
export type GrantKind = 'role' | 'permission_set';

interface KindInfo {
  table: string;
  joinTable: string;
  joinColumn: string;
  notFound: ErrorCode;
  what: string;
  createSchema: JsonSchema;
  patchSchema: JsonSchema;
  audit: { created: AuditKind; updated: AuditKind; deleted: AuditKind };
}

const KINDS: Record<GrantKind, KindInfo> = {
  role: {
    table: '_roles',
    joinTable: '_user_roles',
    joinColumn: 'role_id',
    notFound: 'role_not_found',
    what: 'role',
    createSchema: roleCreateSchema,
    patchSchema: rolePatchSchema,
    audit: { created: 'role_created', updated: 'role_updated', deleted: 'role_deleted' },
  },
  permission_set: {
    table: '_permission_sets',
    joinTable: '_user_permission_sets',
    joinColumn: 'permission_set_id',
    notFound: 'permission_set_not_found',
    what: 'permission set',
    createSchema: permissionSetCreateSchema,
    patchSchema: permissionSetPatchSchema,
    audit: { created: 'permission_set_created', updated: 'permission_set_updated', deleted: 'permission_set_deleted' },
  },
};

export interface GrantRecord {
  id: string;
  api_name: string;
  label: LocalizedText;
  description: string | null;
  object_rights: ObjectRightsMap;
  field_rights: FieldRightsMap;
  /** Roles only. */
  data_scopes?: DataScopeMap;
  default_scope?: DataScope;
  user_count: number;
  created_at: Date;
  updated_at: Date;
}

interface GrantInput {
  api_name?: string;
  label?: string | LocalizedText;
  description?: string | null;
  object_rights?: unknown;
  field_rights?: unknown;
  data_scopes?: unknown;
  default_scope?: DataScope;
}

function selectSql(kind: GrantKind, schema: string, where: string): string {
  const info = KINDS[kind];
  const extra = kind === 'role' ? ', g.data_scopes, g.default_scope' : '';
  return `select g.id, g.api_name, g.label, g.description, g.object_rights, g.field_rights${extra}, g.created_at, g.updated_at,
      (select count(*)::int from ${qualify(schema, info.joinTable)} j where j.${quoteIdent(info.joinColumn)} = g.id) as user_count
    from ${qualify(schema, info.table)} g ${where}`;
}

export async function listGrants(db: Knex, schema: string, kind: GrantKind): Promise<GrantRecord[]> {
  return (await db.raw<{ rows: GrantRecord[] }>(`${selectSql(kind, schema, '')} order by g.api_name`)).rows;
}

export async function getGrant(db: Knex, schema: string, kind: GrantKind, id: string): Promise<GrantRecord> {
  const row = isUuid(id) ? (await db.raw<{ rows: GrantRecord[] }>(selectSql(kind, schema, 'where g.id = ?'), [id])).rows[0] : undefined;
  if (!row) throw new AppError(KINDS[kind].notFound);
  return row;
}

/** The stored form of an input: rights checked against the tenant's objects and fields, labels normalised. */
async function resolveInput(db: Knex, schema: string, kind: GrantKind, input: GrantInput): Promise<Record<string, unknown>> {
  const errors: FieldError[] = [];
  const metadata = await loadMetadata(db, schema);
  const out: Record<string, unknown> = {};
  if (input.label !== undefined) out.label = typeof input.label === 'string' ? { en: input.label } : input.label;
  if (input.description !== undefined) out.description = input.description;
  if (input.object_rights !== undefined) out.object_rights = checkObjectRights(input.object_rights, metadata, errors);
  if (input.field_rights !== undefined) out.field_rights = checkFieldRights(input.field_rights, metadata, errors);
  if (kind === 'role' && input.data_scopes !== undefined) out.data_scopes = checkDataScopes(input.data_scopes, metadata, errors);
  if (kind === 'role' && input.default_scope !== undefined) out.default_scope = input.default_scope;
  failIfAny(errors, KINDS[kind].what);
  return out;
}

function duplicate(err: unknown, apiName: string | undefined): unknown {
  const translated = translatePgError(err);
  if (translated instanceof AppError && translated.code === 'unique_violation') {
    return new AppError('duplicate_name', `The name ${apiName ?? ''} is already taken`, { errors: [{ field: 'api_name', message: 'is already taken' }] });
  }
  return translated;
}

const jsonColumns = new Set(['label', 'object_rights', 'field_rights', 'data_scopes']);
const bind = (column: string, value: unknown) => (jsonColumns.has(column) ? JSON.stringify(value) : value);

export async function createGrant(db: Knex, schema: string, kind: GrantKind, body: unknown, ctx: AdminContext): Promise<GrantRecord> {
  const info = KINDS[kind];
  const input = checkInput<GrantInput>(info.createSchema, body, info.what);
  const apiName = input.api_name as string;
  failIfAny(checkApiName(apiName), info.what);
  const values = { label: { en: labelFromApiName(apiName) }, ...(await resolveInput(db, schema, kind, input)) };
  const id = newId();
  return db.transaction(async (trx) => {
    const cols = ['id', 'api_name', ...Object.keys(values)];
    try {
      await trx.raw(`insert into ${qualify(schema, info.table)} (${cols.map(quoteIdent).join(', ')}) values (${cols.map(() => '?').join(', ')})`, [
        id,
        apiName,
        ...Object.entries(values).map(([c, v]) => bind(c, v)),
      ] as never[]);
    } catch (err) {
      throw duplicate(err, apiName);
    }
    const created = await getGrant(trx, schema, kind, id);
    await recordAudit(trx, schema, { kind: info.audit.created, actorId: ctx.actorId, origin: ctx.origin, targetId: id, after: created });
    return created;
  });
}

export async function updateGrant(db: Knex, schema: string, kind: GrantKind, id: string, body: unknown, ctx: AdminContext): Promise<GrantRecord> {
  const info = KINDS[kind];
  const before = await getGrant(db, schema, kind, id);
  const input = checkInput<GrantInput>(info.patchSchema, body, info.what);
  if (input.api_name !== undefined && input.api_name !== before.api_name) {
    throw new AppError('immutable_property', 'The api_name of a role or permission set cannot be changed', { errors: [{ field: 'api_name', message: 'cannot be changed' }] });
  }
  const values = await resolveInput(db, schema, kind, input);
  return db.transaction(async (trx) => {
    const locked = (await trx.raw<{ rows: unknown[] }>(`select 1 from ${qualify(schema, info.table)} where id = ? for update`, [id])).rows;
    if (!locked.length) throw new AppError(info.notFound);
    const current = await getGrant(trx, schema, kind, id);
    const entries = Object.entries(values);
    if (entries.length) {
      await trx.raw(`update ${qualify(schema, info.table)} set ${entries.map(([c]) => `${quoteIdent(c)} = ?`).join(', ')}, updated_at = now() where id = ?`, [
        ...entries.map(([c, v]) => bind(c, v)),
        id,
      ] as never[]);
    }
    const after = await getGrant(trx, schema, kind, id);
    await recordAudit(trx, schema, { kind: info.audit.updated, actorId: ctx.actorId, origin: ctx.origin, targetId: id, before: current, after });
    return after;
  });
}

/** Deletes a role or permission set that no user holds any more (409 otherwise). */
export async function deleteGrant(db: Knex, schema: string, kind: GrantKind, id: string, ctx: AdminContext): Promise<void> {
  const info = KINDS[kind];
  await db.transaction(async (trx) => {
    const before = await getGrant(trx, schema, kind, id);
    await trx.raw(`select 1 from ${qualify(schema, info.table)} where id = ? for update`, [id]);
    const held = (await trx.raw<{ rows: Array<{ n: number }> }>(`select count(*)::int as n from ${qualify(schema, info.joinTable)} where ${quoteIdent(info.joinColumn)} = ?`, [id])).rows[0]?.n ?? 0;
    if (held > 0) throw new AppError('still_assigned', `${held} user(s) still hold this ${info.what}; take it from them first`, { extra: { user_count: held } });
    await trx.raw(`delete from ${qualify(schema, info.table)} where id = ?`, [id]);
    await recordAudit(trx, schema, { kind: info.audit.deleted, actorId: ctx.actorId, origin: ctx.origin, targetId: id, before });
  });
}

/** Role or permission set ids by api_name; 422 naming the input property for those that do not exist. */
export async function grantIdsByName(db: Knex, schema: string, kind: GrantKind, apiNames: string[], property: string, errors: FieldError[]): Promise<string[]> {
  if (!apiNames.length) return [];
  const rows = (await db.raw<{ rows: Array<{ id: string; api_name: string }> }>(`select id, api_name from ${qualify(schema, KINDS[kind].table)} where api_name = any(?::text[])`, [apiNames])).rows;
  const byName = new Map(rows.map((r) => [r.api_name, r.id]));
  apiNames.forEach((name, index) => {
    if (!byName.has(name)) errors.push({ field: `${property}.${index}`, message: `there is no ${KINDS[kind].what} "${name}"` });
  });
  return apiNames.map((n) => byName.get(n)).filter((id): id is string => id !== undefined);
}
