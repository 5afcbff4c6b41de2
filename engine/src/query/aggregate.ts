import { AppError } from '../kernel/index.ts';
import { quoteIdent } from '../db/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import type { RecordAccess } from '../access/index.ts';
import type { SqlFragment } from './filter.ts';
import { assertReadable } from './field-guard.ts';
import { countPlanOf, readableRows, type CountPlan, type ReadOptions } from './count.ts';
import { aggregateField, type AggregateField, type ColumnKind } from './aggregate-fields.ts';
import { invalid, parseAggregateSpec, type AggregateFn, type MeasureSpec } from './aggregate-spec.ts';

export interface AggregateParams {
  filter?: unknown;
  aggregate: unknown;
}

/**
 * How records/ turns a selected value into JSON: `count` a bigint → number; `number` a numeric (the
 * driver gives its exact text) → a JSON number when it reads back exactly, else the decimal string; `integer` bigint → number;
 * `text` as is (date keys and dates come as 'YYYY-MM-DD' text); `datetime` → ISO 8601 in UTC; `boolean` as is.
 */
export type OutputKind = 'count' | 'number' | 'integer' | 'text' | 'datetime' | 'boolean';

export interface OutputColumn {
  /** The SQL alias (g0…, m0…), never user input. */
  alias: string;
  /** Its name in the answer: the group key (`field`, `field:bucket`, `field:currency`) or the measure name. */
  name: string;
  output: OutputKind;
}

export interface AggregatePlan extends SqlFragment {
  keys: OutputColumn[];
  measures: OutputColumn[];
  /** Groups asked for; the plan selects one more to tell `truncated`. */
  limit: number;
  grouped: boolean;
  /** The rule for `total` (rows matched, exact up to the cap). */
  count: CountPlan;
}

/** The actor's rule context (`ctx.timeZone`: the IANA zone date/time buckets are cut in, UTC when absent) and lookup access. */
export type AggregateOptions = ReadOptions;

const NUMERIC: ColumnKind[] = ['integer', 'decimal', 'currency'];
const ORDERED: ColumnKind[] = [...NUMERIC, 'date', 'datetime', 'text'];
const ALLOWED: Record<AggregateFn, ColumnKind[] | 'any'> = {
  count: 'any',
  count_distinct: ['integer', 'decimal', 'currency', 'date', 'datetime', 'text', 'boolean', 'uuid'],
  sum: NUMERIC,
  avg: NUMERIC,
  min: ORDERED,
  max: ORDERED,
};
const TAKES: Record<AggregateFn, string> = {
  count: 'any field',
  count_distinct: 'fields with single values (not JSON or multi-select)',
  sum: 'number and currency fields',
  avg: 'number and currency fields',
  min: 'number, currency, date, date/time and text fields',
  max: 'number, currency, date, date/time and text fields',
};
const UNGROUPABLE: Partial<Record<ColumnKind, string>> = {
  currency: 'it is an amount; measure it instead (sums are split by currency)',
  decimal: 'it is a decimal number; measure it instead',
  other: 'it holds lists or JSON, not single values',
  uuid: 'every record has its own id',
};
/** Averages are rounded to this many decimal places before they are returned. */
export const AVG_SCALE = 10;

function groupExpression(field: AggregateField, bucket: string | undefined, at: string, timeZone: string): { sql: string; bindings: unknown[]; output: OutputKind } {
  const column = quoteIdent(field.column);
  const dated = field.kind === 'date' || field.kind === 'datetime';
  if (!field.groupable) invalid(at, `cannot group by "${field.name}": ${UNGROUPABLE[field.kind] ?? 'its values do not form groups'}`);
  if (bucket !== undefined && !dated) invalid(`${at}.bucket`, `applies to date and date/time fields; "${field.name}" is neither`);
  if (dated && bucket === undefined) invalid(at, `"${field.name}" is a date: group by {"field": "${field.name}", "bucket": "day" | "week" | "month" | "quarter" | "year"}`);
  // The bucket's first day as 'YYYY-MM-DD'; date/times are cut at midnight in the actor's time zone.
  if (field.kind === 'date') return { sql: `date_trunc(?, ${column}::timestamp)::date::text`, bindings: [bucket], output: 'text' };
  if (field.kind === 'datetime') return { sql: `date_trunc(?, ${column} at time zone ?)::date::text`, bindings: [bucket, timeZone], output: 'text' };
  const output: OutputKind = field.kind === 'integer' ? 'integer' : field.kind === 'boolean' ? 'boolean' : 'text';
  return { sql: column, bindings: [], output };
}

function measureExpression(measure: MeasureSpec, field: AggregateField | undefined): { sql: string; output: OutputKind } {
  if (!field) return { sql: 'count(*)', output: 'count' };
  const allowed = ALLOWED[measure.fn];
  if (allowed !== 'any' && !allowed.includes(field.kind)) invalid(`${measure.at}.field`, `${measure.fn} takes ${TAKES[measure.fn]}; "${field.name}" is not one`);
  const column = quoteIdent(field.column);
  switch (measure.fn) {
    case 'count':
      return { sql: `count(${column})`, output: 'count' };
    case 'count_distinct':
      return { sql: `count(distinct ${column})`, output: 'count' };
    case 'sum':
      return { sql: `sum(${column})`, output: 'number' };
    case 'avg':
      return { sql: `round(avg(${column}), ${AVG_SCALE})`, output: 'number' };
    default: {
      const fn = measure.fn === 'min' ? 'min' : 'max';
      if (field.kind === 'datetime') return { sql: `${fn}(${column})`, output: 'datetime' };
      if (field.kind === 'text') return { sql: `${fn}(${column})`, output: 'text' };
      if (field.kind === 'date') return { sql: `${fn}(${column})::text`, output: 'text' };
      return { sql: `${fn}(${column})`, output: 'number' };
    }
  }
}

/**
 * An aggregate request → one grouped, parameterised SELECT over the rows the actor may read (the read
 * filter ANDed in, as for lists), plus the count plan for `total`. 400 invalid_parameter names the place
 * of a bad input; 403 names a field the actor may not read (grouped by, measured or filtered on).
 * Amounts (currency fields) are summed, averaged, min'd and max'd per currency: a measure on one adds the
 * group key `<field>:currency`, so amounts in different currencies are never added together.
 */
export function planAggregate(model: CompiledModel, object: CompiledObject, params: AggregateParams, access: RecordAccess, options: AggregateOptions = {}): AggregatePlan {
  // An aggregate is {filter?, aggregate}: list parameters (sort, cursor, fields…) have no meaning here.
  const extra = Object.keys(params).filter((k) => k !== 'filter' && k !== 'aggregate');
  if (extra.length) throw new AppError('invalid_parameter', `An aggregate query takes only filter and aggregate, not ${extra.join(', ')}`, { errors: extra.map((field) => ({ field, message: 'is not a property of an aggregate query; sort and limit go inside aggregate' })) });
  const spec = parseAggregateSpec(params.aggregate);
  const groupFields = spec.groupBy.map((g) => aggregateField(object, g.field, g.at));
  const measureFields = spec.measures.map((m) => (m.field === undefined ? undefined : aggregateField(object, m.field, `${m.at}.field`)));
  const named = [...groupFields, ...measureFields].flatMap((f) => (f ? [f.name] : []));
  assertReadable(access, new Set(named), 'aggregate');
  const timeZone = options.ctx?.timeZone ?? 'UTC';
  const rows = readableRows(model, object, params.filter, access, { lookups: options.lookups, ctx: { ...options.ctx, timeZone } });

  const select: string[] = [];
  const selectBindings: unknown[] = [];
  const keys: OutputColumn[] = [];
  spec.groupBy.forEach((g, i) => {
    const expression = groupExpression(groupFields[i] as AggregateField, g.bucket, g.at, timeZone);
    const alias = `g${keys.length}`;
    select.push(`${expression.sql} as ${quoteIdent(alias)}`);
    selectBindings.push(...expression.bindings);
    keys.push({ alias, name: g.key, output: expression.output });
  });
  const expressions = spec.measures.map((m, i) => measureExpression(m, measureFields[i]));
  const measures: OutputColumn[] = spec.measures.map((m, i) => ({ alias: `m${i}`, name: m.name, output: (expressions[i] as { output: OutputKind }).output }));
  spec.measures.forEach((m, i) => {
    const field = measureFields[i];
    const name = `${field?.name ?? ''}:currency`;
    if (field?.currencyColumn && m.fn !== 'count' && m.fn !== 'count_distinct' && !keys.some((k) => k.name === name)) {
      const alias = `g${keys.length}`;
      select.push(`${quoteIdent(field.currencyColumn)}::text as ${quoteIdent(alias)}`);
      keys.push({ alias, name, output: 'text' });
    }
  });
  expressions.forEach((e, i) => select.push(`${e.sql} as ${quoteIdent(`m${i}`)}`));

  const grouped = keys.length > 0;
  let sql = `select ${select.join(', ')} ${rows.sql}`;
  const bindings = [...selectBindings, ...rows.bindings];
  if (grouped) {
    const aliasOf = new Map([...keys, ...measures].map((c) => [c.name, c.alias]));
    const order = spec.sort.map((s) => `${quoteIdent(aliasOf.get(s.name) as string)} ${s.desc ? 'desc' : 'asc'}`);
    for (const key of keys) if (!spec.sort.some((s) => s.name === key.name)) order.push(`${quoteIdent(key.alias)} asc`);
    sql += ` group by ${keys.map((_k, i) => String(i + 1)).join(', ')} order by ${order.join(', ')} limit ?`;
    bindings.push(spec.limit + 1);
  }
  return { sql, bindings, keys, measures, limit: spec.limit, grouped, count: countPlanOf(rows) };
}
