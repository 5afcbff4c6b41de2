import { AppError, isUuid } from '../kernel/index.ts';
import { quoteIdent } from '../db/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import type { RecordAccess } from '../access/index.ts';
import type { RuleContext } from '../logic/index.ts';
import { compileReadFilter, type SqlFragment } from './filter.ts';
import { assertCanRead, assertReadable } from './field-guard.ts';
import { parseSort, type SortKey } from './sort.ts';
import { recordSource } from './formula-source.ts';
import { cursorAlias, decodeCursor } from './cursor.ts';
import { assertPathsReadable, type LookupAccess } from './lookup-paths.ts';
import { lookupSort } from './lookup-sort.ts';
import { searchCondition } from './search.ts';

export interface ListParams {
  filter?: unknown;
  sort?: string;
  limit?: number;
  cursor?: string;
  /** Rows to skip (offset paging for UIs); not with a cursor. */
  offset?: number;
  fields?: string[];
  /** Lookup paths to expand (`customer`, `customer.owner_id`); see expand.ts. */
  expand?: string[];
  /** Full-text search over the searchable fields (search.ts, docs/search.md). */
  q?: string;
}

/** What a list is read with besides its parameters. */
export interface ListOptions {
  /** The actor's access to the objects the parameters reach through lookups (records/ loads it). */
  lookups?: LookupAccess;
  /** The clock and time zone filters run with (the actor's, so `today` is their today). */
  ctx?: Partial<RuleContext>;
  /** Only the rows whose lookup `field` points at the record `id` (a related list). */
  parent?: { field: string; id: string };
}

export interface ListPlan extends SqlFragment {
  keys: SortKey[];
  limit: number;
  /** Set when paging by offset: the offset of this page. */
  offset: number | undefined;
  /** Field API names to return; undefined means all. */
  fields: string[] | undefined;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** Deeper pages cost PostgreSQL a scan of every row before them: past this, page with the cursor. */
export const MAX_OFFSET = 10_000;

/**
 * Keyset condition "after this row" for a mixed-direction sort, with PostgreSQL's null order
 * (nulls last ascending, first descending), as an OR of "equal so far, then strictly after".
 */
function after(keys: SortKey[], values: unknown[]): SqlFragment {
  const ors: string[] = [];
  const bindings: unknown[] = [];
  // A column, or a lookup path's expression (repeated with its bindings wherever it is compared).
  const ref = (key: SortKey) => (key.expr ? { sql: `(${key.expr.sql})`, bindings: key.expr.bindings } : { sql: quoteIdent(key.column), bindings: [] });
  for (let i = 0; i < keys.length; i++) {
    const ands: string[] = [];
    const local: unknown[] = [];
    for (let j = 0; j < i; j++) {
      const earlier = ref(keys[j] as SortKey);
      ands.push(`${earlier.sql} is not distinct from ?`);
      local.push(...earlier.bindings, values[j]);
    }
    const key = keys[i] as SortKey;
    const column = ref(key);
    const value = values[i];
    let strict: string | null;
    let used: unknown[];
    if (key.desc) {
      strict = value === null ? `${column.sql} is not null` : `${column.sql} < ?`;
      used = value === null ? [...column.bindings] : [...column.bindings, value];
    } else {
      strict = value === null ? null : `(${column.sql} > ? or ${column.sql} is null)`;
      used = [...column.bindings, value, ...column.bindings];
    }
    if (strict === null) continue;
    local.push(...used);
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

function paramError(field: string, message: string): AppError {
  return new AppError('invalid_parameter', `${field} ${message}`, { errors: [{ field, message }] });
}

/**
 * GET/POST list parameters → one parameterised SELECT (a plan; records/ runs it), restricted to the rows
 * the actor may read. Filtering on, sorting by or asking for a field the actor may not read is a 403,
 * here or on an object a lookup path reaches.
 */
export function planList(model: CompiledModel, object: CompiledObject, params: ListParams, access: RecordAccess, options: ListOptions = {}): ListPlan {
  assertCanRead(access);
  const limit = params.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new AppError('invalid_parameter', `limit must be an integer from 1 to ${MAX_LIMIT}`, { errors: [{ field: 'limit', message: `must be 1 to ${MAX_LIMIT}` }] });
  const offset = params.offset;
  if (offset !== undefined) {
    if (!Number.isInteger(offset) || offset < 0) throw paramError('offset', 'must be a whole number, 0 or more');
    if (offset > MAX_OFFSET) throw paramError('offset', `must be at most ${MAX_OFFSET}; page further with the cursor`);
    if (params.cursor !== undefined) throw paramError('offset', 'cannot be combined with cursor: page by one or the other');
  }
  const lookups = options.lookups ?? new Map();
  const keys = parseSort(object, params.sort, lookupSort(model, object, lookups, options.ctx));
  assertReadable(access, keys.map((k) => k.field.split('.')[0] as string), 'sort by');
  assertPathsReadable(model, object, keys.filter((k) => k.expr).map((k) => k.field), lookups, 'sort by');
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
  if (options.parent) {
    const { field, id } = options.parent;
    assertReadable(access, [field], 'list by');
    // An id that is no uuid points at nothing; the caller has already found the parent.
    where.push(isUuid(id) ? `${quoteIdent(field)} = ?` : 'false');
    if (isUuid(id)) bindings.push(id);
  }
  if (params.filter !== undefined) {
    const filter = compileReadFilter(model, object, params.filter, access, { lookups, ctx: options.ctx });
    where.push(`(${filter.sql})`);
    bindings.push(...filter.bindings);
  }
  if (params.q !== undefined) {
    const search = searchCondition(model, object, params.q, access);
    where.push(`(${search.sql})`);
    bindings.push(...search.bindings);
  }
  if (params.cursor !== undefined) {
    const condition = after(keys, decodeCursor(keys, params.cursor));
    where.push(`(${condition.sql})`);
    bindings.push(...condition.bindings);
  }
  // A lookup path's value is selected under its alias, which ORDER BY names.
  const order = keys.map((k) => `${quoteIdent(k.column)} ${k.desc ? 'desc' : 'asc'}`).join(', ');
  const pathColumns = keys.flatMap((k) => (k.expr ? [{ sql: `, (${k.expr.sql}) as ${quoteIdent(k.column)}`, bindings: k.expr.bindings }] : []));
  // Formula fields are columns of the source (formula-source.ts), so filters, sorts and cursors see them.
  const source = recordSource(model, object, { ctx: options.ctx });
  // Only timestamps need their exact text for the cursor; every other sort value round-trips as read.
  const cursorColumns = keys.flatMap((k, i) => (k.timestamp ? [{ sql: `, ${k.expr ? `(${k.expr.sql})` : quoteIdent(k.column)}::text as ${quoteIdent(cursorAlias(i))}`, bindings: k.expr?.bindings ?? [] }] : []));
  const selected = [...pathColumns, ...cursorColumns];
  return {
    sql: `select *${selected.map((c) => c.sql).join('')} from ${source.sql} where ${where.join(' and ')} order by ${order} limit ?${offset ? ' offset ?' : ''}`,
    bindings: [...selected.flatMap((c) => c.bindings), ...source.bindings, ...bindings, limit + 1, ...(offset ? [offset] : [])],
    keys,
    limit,
    offset,
    fields: params.fields,
  };
}
