import { query, translatePgError } from '../db/index.ts';
import { planAggregate, type AggregateParams, type OutputColumn } from '../query/index.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { readAccess } from './read-access.ts';
import { runCount, type RecordCount } from './count-records.ts';

export type { AggregateParams };

/** One group of an aggregate answer: the group key (by `field`, `field:bucket` or `field:currency`) and the measures (by `as` or `fn_field`). */
export interface AggregateGroup {
  key: Record<string, unknown>;
  values: Record<string, number | string | null>;
}

export interface AggregateResult {
  groups: AggregateGroup[];
  /** Rows matched by the filter (exact up to the count cap, then PostgreSQL's estimate). */
  total: RecordCount;
  /** More groups existed than `limit`. */
  truncated: boolean;
}

/** Decimal text without sign noise, leading zeros or trailing fraction zeros ("-012.50" → "-12.5"). */
function canonicalDecimal(text: string): string {
  const match = /^([+-]?)0*(\d*)(?:\.(\d*?)0*)?$/.exec(text.trim());
  if (!match) return text;
  const whole = match[2] || '0';
  const fraction = match[3] ?? '';
  const digits = fraction ? `${whole}.${fraction}` : whole;
  return match[1] === '-' && digits !== '0' ? `-${digits}` : digits;
}

/** Numeric text → a JSON number when that number reads back as exactly the same decimal, else the decimal text. */
export function exactNumber(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const back = String(n);
  return !/e/i.test(back) && canonicalDecimal(back) === canonicalDecimal(text) ? n : text;
}

function decode(column: OutputColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.output) {
    case 'count':
    case 'integer':
      return Number(value);
    case 'number':
      return exactNumber(String(value));
    case 'datetime':
      return (value instanceof Date ? value : new Date(String(value))).toISOString();
    default:
      return value;
  }
}

/** Grouped counts, sums, averages, minima, maxima and distinct counts over the records the actor may read. */
export async function aggregateRecords(ctx: RecordContext, objectName: string, params: AggregateParams): Promise<AggregateResult> {
  const object = requireCompiledObject(ctx.model, objectName);
  const { access, lookups, rules } = await readAccess(ctx, object, params);
  const plan = planAggregate(ctx.model, object, params, access, { lookups, ctx: rules });
  let rows: Array<Record<string, unknown>>;
  try {
    rows = await query(ctx.knex, plan.sql, plan.bindings);
  } catch (err) {
    throw translatePgError(err);
  }
  const truncated = plan.grouped && rows.length > plan.limit;
  const groups = (truncated ? rows.slice(0, plan.limit) : rows).map((row) => ({
    key: Object.fromEntries(plan.keys.map((k) => [k.name, decode(k, row[k.alias])])),
    values: Object.fromEntries(plan.measures.map((m) => [m.name, decode(m, row[m.alias])])) as Record<string, number | string | null>,
  }));
  return { groups, total: await runCount(ctx.knex, plan.count), truncated };
}
