import { query, translatePgError, type Knex } from '../db/index.ts';
import { planCount, type CountPlan } from '../query/index.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { readAccess } from './read-access.ts';

export interface RecordCount {
  count: number;
  /** false: more rows than the cap matched, and `count` is PostgreSQL's estimate (never below the cap). */
  exact: boolean;
}

interface ExplainRow {
  'QUERY PLAN': Array<{ Plan?: { 'Plan Rows'?: number } }>;
}

/** Counts exactly up to the cap; above it, reads the planner's row estimate of the same statement. */
export async function runCount(db: Knex, plan: CountPlan): Promise<RecordCount> {
  try {
    const [row] = await query<{ n: number }>(db, plan.exact.sql, plan.exact.bindings);
    const n = Number(row?.n ?? 0);
    if (n <= plan.cap) return { count: n, exact: true };
    const [explain] = await query<ExplainRow>(db, plan.estimate.sql, plan.estimate.bindings);
    const estimate = Math.round(Number(explain?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'] ?? 0));
    // The exact pass saw more than the cap, so an estimate below it is known to be wrong.
    return { count: Math.max(estimate, plan.cap + 1), exact: false };
  } catch (err) {
    throw translatePgError(err);
  }
}

/**
 * How many records the actor may read match the filter (and the search text `q`): exact up to `cap`
 * (COUNT_CAP unless given), then estimated (`exact: false`).
 */
export async function countRecords(ctx: RecordContext, objectName: string, params: { filter?: unknown; q?: string }, cap?: number): Promise<RecordCount> {
  const object = requireCompiledObject(ctx.model, objectName);
  const { access, lookups, rules } = await readAccess(ctx, object, params);
  const plan = planCount(ctx.model, object, params, access, { lookups, ctx: rules, cap });
  return runCount(ctx.knex, plan);
}
