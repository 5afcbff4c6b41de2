import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import { ERROR_CATALOGUE, type ErrorCode, type ProblemDetails } from '../../engine/src/kernel/index.ts';
import type { TestEngine } from './engine.ts';

type Row = Record<string, unknown>;

/** Everything a metadata change or a record write could touch in one tenant, as plain data to compare. */
export interface TenantSnapshot {
  meta: {
    /** GET /api/meta/objects?include_archived=true, as the API returns it. */
    objects: unknown;
    stateVersion: number;
    changeCount: number;
  };
  tables: {
    columns: Row[];
    indexes: Row[];
    constraints: Row[];
    /** Per table: its row count and a digest of its rows, so an update that slipped through shows too. */
    rows: Record<string, { count: number; digest: string }>;
  };
}

async function rows(t: TestEngine, sql: string, bindings: unknown[]): Promise<Row[]> {
  const result = await t.engine.knex.raw<{ rows: Row[] }>(sql, bindings as never[]);
  return result.rows;
}

export async function snapshotTenant(t: TestEngine): Promise<TenantSnapshot> {
  const schema = t.tenant.schema;
  const listed = await t.request({ method: 'GET', url: '/api/meta/objects?include_archived=true' });
  if (listed.statusCode !== 200) throw new Error(`snapshot: listing objects failed with ${listed.statusCode}: ${listed.body}`);
  const [state] = await rows(t, `select version::int as version from ${qualify(schema, '_meta_state')}`, []);
  const [changes] = await rows(t, `select count(*)::int as count from ${qualify(schema, '_meta_changes')}`, []);
  const columns = await rows(
    t,
    `select table_name, column_name, ordinal_position, data_type, udt_name, is_nullable, column_default,
            character_maximum_length, numeric_precision, numeric_scale
       from information_schema.columns where table_schema = ? order by table_name, ordinal_position`,
    [schema],
  );
  const indexes = await rows(t, 'select tablename, indexname, indexdef from pg_indexes where schemaname = ? order by tablename, indexname', [schema]);
  const constraints = await rows(
    t,
    `select c.conrelid::regclass::text as table_name, c.conname, c.contype, pg_get_constraintdef(c.oid) as definition
       from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = ? order by 1, 2`,
    [schema],
  );
  const tables = await rows(t, 'select tablename from pg_tables where schemaname = ? order by tablename', [schema]);
  const contents: TenantSnapshot['tables']['rows'] = {};
  for (const { tablename } of tables) {
    const [content] = await rows(
      t,
      `select count(*)::int as count, md5(coalesce(string_agg(r::text, E'\\n' order by r::text), '')) as digest from ${qualify(schema, String(tablename))} r`,
      [],
    );
    contents[String(tablename)] = { count: Number(content?.count), digest: String(content?.digest) };
  }
  return {
    meta: { objects: listed.json(), stateVersion: Number(state?.version), changeCount: Number(changes?.count) },
    tables: { columns, indexes, constraints, rows: contents },
  };
}

export interface Refusal {
  status: number;
  code: ErrorCode;
  /** Each must match the `field` of some entry in the problem's `errors`. */
  fields?: Array<string | RegExp>;
}

export type TestRequest = InjectOptions & { token?: string | null };

/** The problem document of a refused request: problem+json, a catalogued code, the status of that code. */
export function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; body: string }, expected: Refusal): ProblemDetails {
  const summary = `${response.statusCode} ${response.body.slice(0, 600)}`;
  expect(response.headers['content-type'], summary).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(response.body) as ProblemDetails;
  expect({ status: response.statusCode, code: problem.code }, summary).toEqual({ status: expected.status, code: expected.code });
  expect(problem.status).toBe(response.statusCode);
  expect(ERROR_CATALOGUE[problem.code].status, 'the code is in the catalogue with this status').toBe(response.statusCode);
  expect(typeof problem.detail === 'string' && problem.detail.length > 0, 'a readable detail').toBe(true);
  for (const field of expected.fields ?? []) {
    const named = (problem.errors ?? []).map((e) => e.field);
    expect(
      named.some((name) => (typeof field === 'string' ? name === field : field.test(name))),
      `errors name ${String(field)}; they name ${JSON.stringify(named)}`,
    ).toBe(true);
  }
  return problem;
}

/** Sends a request that must be refused, checks the problem, and checks the tenant is exactly as it was. */
export async function expectRefusedWithoutChange(t: TestEngine, request: TestRequest, expected: Refusal): Promise<ProblemDetails> {
  const before = await snapshotTenant(t);
  const response = await t.request(request);
  const problem = expectProblem(response, expected);
  expect(await snapshotTenant(t)).toEqual(before);
  return problem;
}
