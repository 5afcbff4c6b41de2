import { AppError } from '../kernel/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import { compileCondition, metadataScope, type RuleContext, type RuleScope, type SqlFragment } from '../logic/index.ts';
import type { RecordAccess } from '../access/index.ts';
import { assertPathsReadable, type LookupAccess } from './lookup-paths.ts';
import { assertFilterReadable, filterFieldRefs } from './field-guard.ts';

export type { SqlFragment } from '../logic/index.ts';

export interface FilterOptions {
  /** The clock and the time zone of `today` (the actor's). */
  ctx?: Partial<RuleContext>;
  /**
   * The actor's access to the objects the filter reaches through lookups: a lookup reads only target
   * rows the actor may read (others read as empty). Absent: the caller reads as the system.
   */
  lookups?: LookupAccess;
}

const NOTHING: SqlFragment = { sql: 'false', bindings: [] };
/** What one compiled filter may hold: PostgreSQL takes at most 65,535 bound values in a statement. */
export const MAX_FILTER_SQL_CHARS = 1024 * 1024;
export const MAX_FILTER_BINDINGS = 30_000;

/**
 * PostgreSQL text cannot hold U+0000: a filter holding it could never match, and binding it would fail in
 * the database — refused here (400 naming the place), with an explicit stack so no depth can overflow.
 */
function assertNoNul(filter: unknown): void {
  const stack: Array<[unknown, string]> = [[filter, '']];
  while (stack.length) {
    const [value, path] = stack.pop() as [unknown, string];
    const at = (key: string) => (path === '' ? key : `${path}.${key}`);
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw new AppError('invalid_filter', `At ${path || 'filter'}: a text holds the character U+0000`, { errors: [{ field: path || 'filter', message: 'holds the character U+0000, which no text can', code: 'invalid_value' }] });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, at(String(i))]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) throw new AppError('invalid_filter', 'An operation name holds the character U+0000', { errors: [{ field: at(key.replaceAll('\u0000', '')), message: 'holds the character U+0000', code: 'invalid_value' }] });
        stack.push([item, at(key)]);
      }
    }
  }
}

/**
 * A JSON-logic list filter → an SQL condition over the object's table (unaliased, as planList selects it):
 * the whole rule language, lookups two levels deep, checked first (unknown operators or fields, type
 * mismatches, depth, size) and refused as 400 invalid_filter naming the place in the rule.
 */
export function compileFilter(model: CompiledModel, object: CompiledObject, filter: unknown, options: FilterOptions = {}): SqlFragment {
  // A bare value or a list is truthy or not whatever the record holds: surely not the filter meant.
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new AppError('invalid_filter', 'A filter is one JSON-logic operation, such as {"==":[{"var":"status"},"new"]}', { errors: [{ field: 'filter', message: 'must be a JSON-logic operation (an object)', code: 'invalid_operation' }] });
  }
  const key = cacheKey(object, filter, options);
  const known = key === undefined ? undefined : compiledFilters(model).get(key);
  if (known) return known;
  assertNoNul(filter);
  const compiled = compileCondition(filter, readScope(model, object, options), { operators: model.operators, ctx: options.ctx, errorCode: 'invalid_filter' });
  // A formula is compiled in place wherever the filter reads it: a short filter can multiply a large one.
  if (compiled.sql.length > MAX_FILTER_SQL_CHARS || compiled.bindings.length > MAX_FILTER_BINDINGS) {
    throw new AppError('invalid_filter', 'The filter is too large once the formulas it reads are written out; read each formula fewer times', { errors: [{ field: 'filter', message: 'is too large once compiled', code: 'too_large' }] });
  }
  if (key !== undefined) remember(model, key, compiled);
  return compiled;
}

/**
 * Compiled filters kept per compiled model (so a metadata change drops them): a list asked for again with
 * the same filter skips checking and compiling it. Only filters whose SQL depends on nothing but the
 * filter, the time zone and the user are kept — not those following lookups (they carry the actor's access
 * to the target), reading the clock (now, today: bound values) or reading a formula (which may read it).
 */
const FILTER_CACHE = new WeakMap<CompiledModel, Map<string, SqlFragment>>();
const FILTER_CACHE_SIZE = 500;
const MAX_CACHED_FILTER_CHARS = 4096;
const CLOCK = /"(?:now|today)"/;

function compiledFilters(model: CompiledModel): Map<string, SqlFragment> {
  let filters = FILTER_CACHE.get(model);
  if (!filters) FILTER_CACHE.set(model, (filters = new Map()));
  return filters;
}

function remember(model: CompiledModel, key: string, compiled: SqlFragment): void {
  const filters = compiledFilters(model);
  if (filters.size >= FILTER_CACHE_SIZE) filters.clear();
  filters.set(key, { sql: compiled.sql, bindings: Object.freeze([...compiled.bindings]) as unknown[] });
}

function cacheKey(object: CompiledObject, filter: unknown, options: FilterOptions): string | undefined {
  let text: string;
  try {
    text = JSON.stringify(filter);
  } catch {
    return undefined; // nested too deeply to even write out: the checks refuse it
  }
  if (text.length > MAX_CACHED_FILTER_CHARS || CLOCK.test(text)) return undefined;
  const refs = filterFieldRefs(filter);
  if (refs.dynamic || [...refs.paths].some((p) => p.includes('.')) || [...refs.names].some((n) => object.byName.get(n)?.type.computed)) return undefined;
  return `${object.def.api_name}\u0000${options.ctx?.timeZone ?? ''}\u0000${options.ctx?.userId ?? ''}\u0000${text}`;
}

/**
 * The variables a read sees: the object's columns (formulas compiled in place, with the read's clock and
 * time zone) and, through lookups, only the target rows the actor may read (with `lookups`).
 */
export function readScope(model: CompiledModel, object: CompiledObject, options: FilterOptions = {}): RuleScope {
  const lookups = options.lookups;
  return metadataScope({
    metadata: model.metadata,
    registry: model.registry,
    object: object.def.api_name,
    schema: model.tenant.schema,
    operators: model.operators,
    ctx: options.ctx,
    lookupCondition: lookups ? (target) => { const access = lookups.get(target); return access ? access.readFilter : NOTHING; } : undefined,
  });
}

/**
 * A filter as the actor may run it: every field it reads must be readable — here, and along lookup paths
 * on the objects they reach (403 naming the path) — and lookups read only target rows the actor may read.
 * Aggregates, related lists and lists all filter through this one function.
 */
export function compileReadFilter(model: CompiledModel, object: CompiledObject, filter: unknown, access: RecordAccess, options: FilterOptions & { lookups: LookupAccess }): SqlFragment {
  assertFilterReadable(access, filter);
  assertPathsReadable(model, object, filterFieldRefs(filter).paths, options.lookups, 'filter on');
  return compileFilter(model, object, filter, options);
}
