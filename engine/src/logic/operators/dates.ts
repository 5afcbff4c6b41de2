import type { JsEnv, Operator, SqlCall, TypeCall } from '../operator.ts';
import type { LogicType, SqlExpr, SqlFragment } from '../types.ts';
import { describe, literalOf } from '../check/type-rules.ts';
import { parseDate, parseDatetime, formatDatetime } from '../dates/formats.ts';
import { isTimeZone } from '../dates/zoned.ts';
import { CALENDAR_UNITS, MAX_AMOUNT, TIME_UNITS, UNIT_MONTHS, addTo, diff, isCalendarUnit, isTimeUnit, momentOf, startOf, today, type Unit } from '../dates/calendar.ts';
import { FLOAT, expr, jl, join, literalExpr, toFloat, jsType } from '../sql/convert.ts';

/**
 * Date operations. Values are dates ('YYYY-MM-DD') or date-times (ISO 8601 with an offset); the
 * time zone is the optional last argument, else the rule context's. `now` and `today` read the
 * context's clock, which SQL receives as a parameter, so both backends see the same instant.
 */

const ALL_UNITS: readonly string[] = [...CALENDAR_UNITS, ...TIME_UNITS];
const zoneOf = (arg: unknown, env: JsEnv): string | undefined => (arg === undefined ? env.ctx.timeZone : isTimeZone(arg) ? arg : undefined);
const amountOf = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= MAX_AMOUNT ? Math.trunc(n) : undefined);

/** The type of a date argument, reporting anything else. */
function momentType(call: TypeCall, index: number): LogicType {
  const type = call.types[index] ?? 'any';
  if (type === 'date' || type === 'datetime' || type === 'any' || type === 'null') return type;
  const literal = literalOf(call.args[index]);
  if (type === 'string' && literal !== undefined) {
    if (parseDate(literal) !== undefined) return 'date';
    if (parseDatetime(literal) !== undefined) return 'datetime';
  }
  call.error(`is a ${describe(type)}; expected a date or a date-time (such as "2026-03-01" or "2026-03-01T09:30:00Z")`, index);
  return 'any';
}

function unitType(call: TypeCall, index: number, allowed: readonly string[]): void {
  const unit = call.args[index];
  if (typeof unit !== 'string' || !allowed.includes(unit)) call.error(`the unit is one of ${allowed.join(', ')}, written out`, index, 'invalid_argument');
}

function zoneType(call: TypeCall, index: number): void {
  if (call.args.length > index && !isTimeZone(call.args[index])) call.error('the time zone is an IANA name written out, such as "Asia/Shanghai"', index, 'invalid_argument');
}

/** A date argument in SQL: a date or timestamptz value, or a literal read as one. */
function momentSql(call: SqlCall, index: number): SqlExpr | undefined {
  const e = call.value(index);
  if (e.kind === 'date' || e.kind === 'timestamptz') return e;
  if (e.kind === 'null') return undefined;
  const literal = e.literal?.value;
  if (parseDate(literal) !== undefined) return expr('?::date', [literal], 'date');
  if (parseDatetime(literal) !== undefined) return expr('?::timestamptz', [literal], 'timestamptz');
  return call.fail('needs a date or date-time field (or a literal) to run in the database', index);
}

/** Dates outside the years 1000–9999 are null, as in JavaScript (dates/calendar.ts). */
function inRange(e: SqlExpr): SqlExpr {
  const [low, high] = e.kind === 'date' ? [`'1000-01-01'::date`, `'9999-12-31'::date`] : [`'1000-01-01T00:00:00Z'::timestamptz`, `'9999-12-31T23:59:59.999999Z'::timestamptz`];
  const checked = join([e, e, e], ([a, b, c]) => `(case when ${a} >= ${low} and ${b} <= ${high} then ${c} end)`);
  return expr(checked.sql, checked.bindings, e.kind, true);
}

const zoneSql = (call: SqlCall, index: number): string => (typeof call.args[index] === 'string' ? (call.args[index] as string) : call.ctx.timeZone);
const nullOf = (kind: 'date' | 'timestamptz' | 'float'): SqlExpr => expr(`null::${kind === 'float' ? FLOAT : kind}`, [], kind, true);

/**
 * Months since year 0 of a date or wall-clock time (given twice: once for its year, once for its month). A
 * shift by months, quarters or years is computed only when it lands within a month of the years 1000–9999
 * (the range check decides exactly); further, PostgreSQL would fail on a date before 4713 BC instead of
 * giving null as JavaScript does.
 */
const MONTH_INDEX = (forYear: string, forMonth: string) => `(extract(year from ${forYear})::int * 12 + extract(month from ${forMonth})::int - 1)`;
const MONTHS_LOW = 1000 * 12 - 1;
const MONTHS_HIGH = 9999 * 12 + 12;

function dateAddSql(call: SqlCall): SqlExpr {
  const m = momentSql(call, 0);
  const unit = String(call.args[2]);
  if (!m) return literalExpr(null);
  const amount = call.value(1);
  if (jsType(amount.kind) !== 'number') return call.fail('the amount must be a number to run in the database', 1);
  const n = join([toFloat(amount), toFloat(amount)], ([a, b]) => `(case when abs(${a}) <= ${MAX_AMOUNT} then trunc(${b})::int end)`);
  const zone = zoneSql(call, 3);
  if (m.kind === 'date') {
    if (!isCalendarUnit(unit)) return nullOf('date');
    const months = UNIT_MONTHS[unit as 'month'];
    const result =
      unit === 'day' || unit === 'week'
        ? join([m, n], ([d, k]) => `(${d} + ${k}${unit === 'week' ? ' * 7' : ''})`)
        : join([m, m, n, m, n], ([d1 = '', d2 = '', k1, d3, k2]) => `(case when ${MONTH_INDEX(d1, d2)} + ${k1} * ${months} between ${MONTHS_LOW} and ${MONTHS_HIGH} then (${d3} + make_interval(months => ${k2} * ${months}))::date end)`);
    return expr(result.sql, result.bindings, 'date', true);
  }
  if (isTimeUnit(unit)) {
    const result = join([m, n], ([t, k]) => `(${t} + make_interval(${{ hour: 'hours', minute: 'mins', second: 'secs' }[unit]} => ${k}))`);
    return expr(result.sql, result.bindings, 'timestamptz', true);
  }
  // On the wall clock of the zone, then back to an instant.
  const wall: SqlFragment = { sql: `(${m.sql} at time zone ?)`, bindings: [...m.bindings, zone] };
  if (unit === 'day' || unit === 'week') {
    const result = join([wall, n], ([w, k]) => `((${w} + make_interval(days => ${k}${unit === 'week' ? ' * 7' : ''})) at time zone ?)`);
    return expr(result.sql, [...result.bindings, zone], 'timestamptz', true);
  }
  const months = UNIT_MONTHS[unit as 'month'];
  const result = join([wall, wall, n, wall, n], ([w1 = '', w2 = '', k1, w3, k2]) => `(case when ${MONTH_INDEX(w1, w2)} + ${k1} * ${months} between ${MONTHS_LOW} and ${MONTHS_HIGH} then ((${w3} + make_interval(months => ${k2} * ${months})) at time zone ?) end)`);
  return expr(result.sql, [...result.bindings, zone], 'timestamptz', true);
}

/** A date argument as its calendar day in the zone, or as an instant. */
function asDay(m: SqlExpr, zone: string): SqlFragment {
  return m.kind === 'date' ? m : { sql: `((${m.sql}) at time zone ?)::date`, bindings: [...m.bindings, zone] };
}
function asInstant(m: SqlExpr, zone: string): SqlFragment {
  return m.kind === 'timestamptz' ? m : { sql: `((${m.sql})::timestamp at time zone ?)`, bindings: [...m.bindings, zone] };
}

function dateDiffSql(call: SqlCall): SqlExpr {
  const [a, b] = [momentSql(call, 0), momentSql(call, 1)];
  if (!a || !b) return nullOf('float');
  const unit = String(call.args[2]) as Unit;
  const zone = zoneSql(call, 3);
  let result: SqlFragment;
  if (isTimeUnit(unit)) {
    const seconds = { hour: 3600, minute: 60, second: 1 }[unit];
    result = join([asInstant(b, zone), asInstant(a, zone)], ([y, x]) => `trunc((extract(epoch from ${y}) - extract(epoch from ${x})) / ${seconds})`);
  } else if (unit === 'day' || unit === 'week') {
    result = join([asDay(b, zone), asDay(a, zone)], ([y, x]) => `((${y} - ${x})${unit === 'week' ? ' / 7' : ''})`);
  } else {
    result = join([asDay(a, zone), asDay(b, zone)], ([x, y]) => `(${jl('month_diff')}(${x}, ${y}) / ${UNIT_MONTHS[unit as 'month']})`);
  }
  return expr(`(${result.sql})::${FLOAT}`, result.bindings, 'float', true);
}

function startOfSql(call: SqlCall): SqlExpr {
  const m = momentSql(call, 0);
  if (!m) return literalExpr(null);
  const unit = String(call.args[1]);
  if (m.kind === 'date') return expr(`date_trunc(?, (${m.sql})::timestamp)::date`, [unit, ...m.bindings], 'date', true);
  const zone = zoneSql(call, 2);
  return expr(`(date_trunc(?, (${m.sql}) at time zone ?) at time zone ?)`, [unit, ...m.bindings, zone, zone], 'timestamptz', true);
}

export const dateOperators: Operator[] = [
  {
    name: 'now',
    summary: 'the current date-time (the rule context clock)',
    arity: { min: 0, max: 0 },
    js: (_args, env) => formatDatetime(env.ctx.now.getTime()),
    type: () => 'datetime',
    sql: { value: (call) => expr('?::timestamptz', [call.ctx.now.toISOString()], 'timestamptz') },
  },
  {
    name: 'today',
    summary: 'the current date in the time zone (argument, else the context time zone)',
    arity: { min: 0, max: 1 },
    js: ([zone], env) => {
      const tz = zoneOf(zone, env);
      return tz === undefined ? null : today(env.ctx.now, tz);
    },
    type: (call) => {
      zoneType(call, 0);
      return 'date';
    },
    sql: { value: (call) => expr('((?::timestamptz) at time zone ?)::date', [call.ctx.now.toISOString(), zoneSql(call, 0)], 'date') },
  },
  {
    name: 'date_add',
    summary: '[date, amount, unit, zone?]: adds whole units (day, week, month, quarter, year; hour, minute, second for date-times)',
    arity: { min: 3, max: 4 },
    js: ([value, amount, unit, zone], env) => {
      const m = momentOf(value);
      const n = amountOf(amount);
      const tz = zoneOf(zone, env);
      return m && n !== undefined && tz !== undefined && typeof unit === 'string' && ALL_UNITS.includes(unit) ? addTo(m, n, unit as Unit, tz) : null;
    },
    type: (call) => {
      const type = momentType(call, 0);
      if ((call.types[1] ?? 'any') !== 'any' && call.types[1] !== 'number' && call.types[1] !== 'null') call.error('the amount is a number', 1);
      unitType(call, 2, type === 'date' ? CALENDAR_UNITS : ALL_UNITS);
      zoneType(call, 3);
      return type;
    },
    sql: { value: (call) => inRange(dateAddSql(call)) },
  },
  {
    name: 'date_diff',
    summary: '[from, to, unit, zone?]: whole units from the first to the second, truncated toward zero',
    arity: { min: 3, max: 4 },
    js: ([from, to, unit, zone], env) => {
      const [a, b] = [momentOf(from), momentOf(to)];
      const tz = zoneOf(zone, env);
      return a && b && tz !== undefined && typeof unit === 'string' && ALL_UNITS.includes(unit) ? diff(a, b, unit as Unit, tz) : null;
    },
    type: (call) => {
      momentType(call, 0);
      momentType(call, 1);
      unitType(call, 2, ALL_UNITS);
      zoneType(call, 3);
      return 'number';
    },
    sql: { value: dateDiffSql },
  },
  {
    name: 'start_of',
    summary: '[date, unit, zone?]: the start of its day, week (Monday), month, quarter or year',
    arity: { min: 2, max: 3 },
    js: ([value, unit, zone], env) => {
      const m = momentOf(value);
      const tz = zoneOf(zone, env);
      return m && tz !== undefined && isCalendarUnit(unit) ? startOf(m, unit, tz) : null;
    },
    type: (call) => {
      const type = momentType(call, 0);
      unitType(call, 1, CALENDAR_UNITS);
      zoneType(call, 2);
      return type;
    },
    sql: { value: (call) => inRange(startOfSql(call)) },
  },
];
