import { AppError } from '../kernel/index.ts';
import type { Knex } from '../db/index.ts';
import type { PlanCheck } from './diff.ts';

export interface CheckResult extends Omit<PlanCheck, 'sql' | 'bindings'> {
  count: number;
}

/** Asks the data each question of a plan (how many rows would not convert, repeat, miss a value). */
export async function runChecks(db: Knex | Knex.Transaction, checks: PlanCheck[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const { sql, bindings, ...rest } = check;
    const result = await db.raw<{ rows: Array<{ count: number }> }>(sql, bindings as Knex.RawBinding[]);
    results.push({ ...rest, count: Number(result.rows[0]?.count ?? 0) });
  }
  return results;
}

/** False when a blocking check found rows: applying would be refused. */
export function isApplicable(checks: CheckResult[]): boolean {
  return !checks.some((c) => c.blocking && c.count > 0);
}

/** Refuses a change whose blocking checks found rows, naming each field and count. */
export function assertApplicable(checks: CheckResult[]): void {
  const blocking = checks.filter((c) => c.blocking && c.count > 0);
  if (blocking.length === 0) return;
  throw new AppError(blocking.some((c) => c.kind === 'rows_not_converting') ? 'rows_would_not_convert' : 'unique_violation', blocking.map((c) => `${c.count} ${c.description}`).join('; '), {
    errors: blocking.map((c) => ({ field: c.field, message: `${c.count} ${c.description}`, code: c.kind })),
    extra: { checks },
  });
}
