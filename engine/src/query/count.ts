import { quoteIdent } from '../db/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import type { RecordAccess } from '../access/index.ts';
import { compileReadFilter, type FilterOptions, type SqlFragment } from './filter.ts';
import { assertCanRead } from './field-guard.ts';
import { recordSource } from './formula-source.ts';
import { searchCondition } from './search.ts';

/** Counts are exact up to this many rows; above it the answer is PostgreSQL's estimate, marked `exact: false`. */
export const COUNT_CAP = 10_000;

/** How a count or aggregate reads: the actor's clock and time zone, and their access to objects the filter reaches through lookups. */
export type ReadOptions = Pick<FilterOptions, 'ctx' | 'lookups'>;

/**
 * `from <table> where <the rows the actor may read and the filter keeps>`, checked as lists check
 * (403 naming a hidden field, here or along a lookup path; 400 invalid_filter).
 */
export function readableRows(model: CompiledModel, object: CompiledObject, filter: unknown, access: RecordAccess, options: ReadOptions = {}): SqlFragment {
  assertCanRead(access);
  // Formula fields are columns of the source, so they can be grouped, measured and filtered on.
  const source = recordSource(model, object, { ctx: options.ctx });
  const where: string[] = [`${quoteIdent('deleted_at')} is null`];
  const bindings: unknown[] = [...source.bindings];
  if (access.readFilter) {
    where.push(`(${access.readFilter.sql})`);
    bindings.push(...access.readFilter.bindings);
  }
  // No filter, or null (as lists read it): every row the actor may read.
  if (filter !== undefined && filter !== null) {
    const compiled = compileReadFilter(model, object, filter, access, { ctx: options.ctx, lookups: options.lookups ?? new Map() });
    where.push(`(${compiled.sql})`);
    bindings.push(...compiled.bindings);
  }
  return { sql: `from ${source.sql} where ${where.join(' and ')}`, bindings };
}

/**
 * How to count rows: `exact` counts at most COUNT_CAP + 1 of them (column `n`); when it reaches that,
 * `estimate` is an EXPLAIN (format json) of the same rows, whose top plan node's "Plan Rows" is the planner's guess.
 */
export interface CountPlan {
  exact: SqlFragment;
  estimate: SqlFragment;
  cap: number;
}

export function countPlanOf(rows: SqlFragment, cap = COUNT_CAP): CountPlan {
  return {
    exact: { sql: `select count(*)::int as ${quoteIdent('n')} from (select 1 ${rows.sql} limit ?) as ${quoteIdent('capped')}`, bindings: [...rows.bindings, cap + 1] },
    estimate: { sql: `explain (format json) select 1 ${rows.sql}`, bindings: rows.bindings },
    cap,
  };
}

/**
 * GET /count: the rows the actor may read that the filter (and the search text `q`, as lists apply it) keeps,
 * exact up to `cap` (COUNT_CAP by default; a CSV export counts up to its own cap).
 */
export function planCount(model: CompiledModel, object: CompiledObject, params: { filter?: unknown; q?: string }, access: RecordAccess, options: ReadOptions & { cap?: number } = {}): CountPlan {
  const rows = readableRows(model, object, params.filter, access, options);
  if (params.q === undefined) return countPlanOf(rows, options.cap);
  const search = searchCondition(model, object, params.q, access);
  return countPlanOf({ sql: `${rows.sql} and (${search.sql})`, bindings: [...rows.bindings, ...search.bindings] }, options.cap);
}
