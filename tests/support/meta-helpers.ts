import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createUser } from '../../engine/src/access/index.ts';
import { qualify } from '../../engine/src/db/index.ts';
import type { TestEngine } from './engine.ts';

/** The body of an applied metadata change, as the meta routes return it. */
export interface ChangeResponse {
  id: string;
  version: number;
  object: string;
  kind: string;
  operations: Array<{ op: string; description: string; sql: string }>;
  sql: string[];
  checks: Array<{ kind: string; blocking: boolean; field: string; description: string; count: number }>;
  applicable: boolean;
  before: unknown;
  after: unknown;
}

/** A column as information_schema describes it. */
export interface ColumnInfo {
  column_name: string;
  data_type: string;
  udt_name: string;
  numeric_precision: number | null;
  numeric_scale: number | null;
}

export interface ConstraintInfo {
  name: string;
  /** p primary key, u unique, f foreign key. */
  type: string;
  columns: string[];
  /** For foreign keys: the referenced table and the on-delete rule (a no action, r restrict, c cascade, n set null). */
  references: string | null;
  on_delete: string;
}

/** Sends a request and insists on its status, showing the body when it differs. */
export async function expectStatus(t: TestEngine, status: number, options: Parameters<TestEngine['request']>[0]): Promise<LightMyRequestResponse> {
  const response = await t.request(options);
  expect(response.statusCode, `${options.method} ${options.url}: ${response.body}`).toBe(status);
  return response;
}

/** A problem+json response with this status and stable code; returns the problem. */
export function expectProblem(response: LightMyRequestResponse, status: number, code: string): Record<string, unknown> {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json() as Record<string, unknown>;
  expect(problem.code).toBe(code);
  return problem;
}

export async function createObject(t: TestEngine, definition: Record<string, unknown>): Promise<ChangeResponse> {
  return (await expectStatus(t, 201, { method: 'POST', url: '/api/meta/objects', payload: definition })).json() as ChangeResponse;
}

export async function addField(t: TestEngine, object: string, field: Record<string, unknown>): Promise<ChangeResponse> {
  return (await expectStatus(t, 201, { method: 'POST', url: `/api/meta/objects/${object}/fields`, payload: field })).json() as ChangeResponse;
}

export async function createRecord(t: TestEngine, object: string, values: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> {
  return (await expectStatus(t, 201, { method: 'POST', url: `/api/records/${object}`, payload: values })).json() as Record<string, unknown> & { id: string };
}

export async function getRecord(t: TestEngine, object: string, id: string): Promise<Record<string, unknown>> {
  return (await expectStatus(t, 200, { method: 'GET', url: `/api/records/${object}/${id}` })).json() as Record<string, unknown>;
}

/** The columns of a tenant table in table order. */
export async function columnsOf(t: TestEngine, table: string): Promise<ColumnInfo[]> {
  const result = await t.engine.knex.raw<{ rows: ColumnInfo[] }>(
    `select column_name, data_type, udt_name, numeric_precision, numeric_scale
       from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position`,
    [t.tenant.schema, table],
  );
  return result.rows;
}

/** column → PostgreSQL type as format_type prints it (`numeric(10,3)`, `text[]`, `character(3)`). */
export async function columnTypes(t: TestEngine, table: string): Promise<Record<string, string>> {
  const result = await t.engine.knex.raw<{ rows: Array<{ name: string; type: string }> }>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
       from pg_attribute a where a.attrelid = to_regclass(?) and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    [qualify(t.tenant.schema, table)],
  );
  return Object.fromEntries(result.rows.map((r) => [r.name, r.type]));
}

export async function tableExists(t: TestEngine, table: string): Promise<boolean> {
  const result = await t.engine.knex.raw<{ rows: Array<{ oid: string | null }> }>('select to_regclass(?)::text as oid', [qualify(t.tenant.schema, table)]);
  return result.rows[0]?.oid !== null;
}

/** index name → definition, for every index of a tenant table. */
export async function indexesOf(t: TestEngine, table: string): Promise<Record<string, string>> {
  const result = await t.engine.knex.raw<{ rows: Array<{ indexname: string; indexdef: string }> }>(
    'select indexname, indexdef from pg_indexes where schemaname = ? and tablename = ? order by indexname',
    [t.tenant.schema, table],
  );
  return Object.fromEntries(result.rows.map((r) => [r.indexname, r.indexdef]));
}

export async function constraintsOf(t: TestEngine, table: string): Promise<ConstraintInfo[]> {
  const result = await t.engine.knex.raw<{ rows: ConstraintInfo[] }>(
    `select c.conname as name, c.contype as type,
            array(select a.attname::text from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k) as columns,
            c.confrelid::regclass::text as references, c.confdeltype as on_delete
       from pg_constraint c where c.conrelid = to_regclass(?) order by c.conname`,
    [qualify(t.tenant.schema, table)],
  );
  return result.rows.map((r) => ({ ...r, references: r.references === '-' ? null : r.references }));
}

/** Rows of a tenant table straight from PostgreSQL, archived columns included. */
export async function selectRows(t: TestEngine, table: string, columns: string[], orderBy = 'created_at'): Promise<Array<Record<string, unknown>>> {
  return t.engine.knex.withSchema(t.tenant.schema).from(table).select(columns).orderBy([orderBy, 'id']);
}

/** Everything a metadata change could touch: version, recorded changes, and one table's shape. */
export interface MetaSnapshot {
  version: number;
  changes: number;
  columns: Record<string, string>;
  indexes: Record<string, string>;
  constraints: ConstraintInfo[];
  definition: unknown;
}

export async function metadataVersion(t: TestEngine): Promise<number> {
  const result = await t.engine.knex.raw<{ rows: Array<{ version: number }> }>(`select version from ${qualify(t.tenant.schema, '_meta_state')}`);
  return Number(result.rows[0]?.version);
}

export async function changeCount(t: TestEngine): Promise<number> {
  const result = await t.engine.knex.raw<{ rows: Array<{ n: number }> }>(`select count(*)::int as n from ${qualify(t.tenant.schema, '_meta_changes')}`);
  return Number(result.rows[0]?.n);
}

export async function snapshot(t: TestEngine, table: string): Promise<MetaSnapshot> {
  const definition = await t.engine.knex.raw<{ rows: Array<{ definition: unknown }> }>(`select definition from ${qualify(t.tenant.schema, '_meta_objects')} where api_name = ?`, [table]);
  return {
    version: await metadataVersion(t),
    changes: await changeCount(t),
    columns: await columnTypes(t, table),
    indexes: await indexesOf(t, table),
    constraints: await constraintsOf(t, table),
    definition: definition.rows[0]?.definition ?? null,
  };
}

export async function adminUserId(t: TestEngine): Promise<string> {
  const me = await expectStatus(t, 200, { method: 'GET', url: '/api/auth/me' });
  return (me.json() as { id: string }).id;
}

/** A user of the same tenant who is not an administrator, logged in through the API. */
export async function loginNonAdmin(t: TestEngine): Promise<{ token: string; userId: string }> {
  const email = `rep-${Date.now().toString(36)}@${t.tenant.slug}.test`;
  const password = 'a sales rep password';
  const user = await createUser(t.engine.knex, t.tenant.schema, { email, password, isAdmin: false, name: 'Rep' });
  const login = await t.request({ method: 'POST', url: '/api/auth/login', payload: { email, password, tenant: t.tenant.slug }, token: null });
  expect(login.statusCode, login.body).toBe(200);
  return { token: (login.json() as { token: string }).token, userId: user.id };
}
