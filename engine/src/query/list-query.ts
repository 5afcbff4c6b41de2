import { AppError } from '../kernel/index.ts';
import { qualify, quoteIdent } from '../db/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import type { RecordAccess } from '../access/index.ts';
import { compileFilter, type SqlFragment } from './filter.ts';
import { assertCanRead, assertFilterReadable, assertReadable } from './field-guard.ts';
import { parseSort, type SortKey } from './sort.ts';
import { cursorAlias, decodeCursor } from './cursor.ts';

export interface ListParams {
  filter?: unknown;
  sort?: string;
  limit?: number;
  cursor?: string;
  fields?: string[];
}

export interface ListPlan extends SqlFragment {
  keys: SortKey[];
  limit: number;
  /** Field API names to return; undefined means all. */
  fields: string[] | undefined;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/**
 * Keyset condition "after this row" for a mixed-direction sort, with PostgreSQL's null order
 * (nulls last ascending, first descending), as an OR of "equal so far, then strictly after".
 */
function after(keys: SortKey[], values: unknown[]): SqlFragment {
  const ors: string[] = [];
  const bindings: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const ands: string[] = [];
    const local: unknown[] = [];
    for (let j = 0; j < i; j++) {
      ands.push(`${quoteIdent((keys[j] as SortKey).column)} is not distinct from ?`);
      local.push(values[j]);
    }
    const key = keys[i] as SortKey;
    const column = quoteIdent(key.column);
    const value = values[i];
    let strict: string | null;
    if (key.desc) strict = value === null ? `${column} is not null` : `${column} < ?`;
    else strict = value === null ? null : `(${column} > ? or ${column} is null)`;
    if (strict === null) continue;
    if (value !== null) local.push(value);
    ands.push(strict);
    ors.push(`(${ands.join(' and ')})`);
    bindings.push(...local);
  }
  return ors.length ? { sql: ors.join(' or '), bindings } : { sql: 'false', bindings: [] };
}

const PROJECTABLE_SYSTEM = new Set(['id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'owner_id', 'version']);

/** A `fields` projection names only active fields and system fields (lists and GET by id alike). */
export function assertFieldNames(object: CompiledObject, fields: string[]): void {
  for (const f of fields) {
    if (!object.byName.has(f) && !PROJECTABLE_SYSTEM.has(f)) {
      throw new AppError('invalid_parameter', `"${f}" is not a field of "${object.def.api_name}"`, { errors: [{ field: f, message: 'is not a field of this object' }] });
    }
  }
}

/**
 * GET/POST list parameters → one parameterised SELECT (a plan; records/ runs it), restricted to the rows
 * the actor may read. Filtering on, sorting by or asking for a field the actor may not read is a 403.
 */
export function planList(model: CompiledModel, object: CompiledObject, params: ListParams, access: RecordAccess): ListPlan {
  const schema = model.tenant.schema;
  assertCanRead(access);
  const limit = params.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new AppError('invalid_parameter', `limit must be an integer from 1 to ${MAX_LIMIT}`, { errors: [{ field: 'limit', message: `must be 1 to ${MAX_LIMIT}` }] });
  const keys = parseSort(object, params.sort);
  assertReadable(access, keys.map((k) => k.field), 'sort by');
  if (params.fields) {
    assertFieldNames(object, params.fields);
    assertReadable(access, params.fields, 'ask for');
  }
  const where: string[] = [`${quoteIdent('deleted_at')} is null`];
  const bindings: unknown[] = [];
  if (access.readFilter) {
    where.push(`(${access.readFilter.sql})`);
    bindings.push(...access.readFilter.bindings);
  }
  if (params.filter !== undefined) {
    assertFilterReadable(access, params.filter);
    const filter = compileFilter(model, object, params.filter);
    where.push(`(${filter.sql})`);
    bindings.push(...filter.bindings);
  }
  if (params.cursor !== undefined) {
    const condition = after(keys, decodeCursor(keys, params.cursor));
    where.push(`(${condition.sql})`);
    bindings.push(...condition.bindings);
  }
  const order = keys.map((k) => `${quoteIdent(k.column)} ${k.desc ? 'desc' : 'asc'}`).join(', ');
  // Only timestamps need their exact text for the cursor; every other sort value round-trips as read.
  const cursorColumns = keys.flatMap((k, i) => (k.timestamp ? [`, ${quoteIdent(k.column)}::text as ${quoteIdent(cursorAlias(i))}`] : [])).join('');
  return {
    sql: `select *${cursorColumns} from ${qualify(schema, object.def.api_name)} where ${where.join(' and ')} order by ${order} limit ?`,
    bindings: [...bindings, limit + 1],
    keys,
    limit,
    fields: params.fields,
  };
}
