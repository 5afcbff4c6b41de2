import { daysInMonth, formatDate as formatAnyDate, formatDatetime as formatAnyDatetime, parseDate, parseDatetime } from './formats.ts';
import { civil, epochDay, instantOf, wallClock, type WallClock } from './zoned.ts';

/**
 * The JavaScript side of the date operations. A date ('YYYY-MM-DD') has no time zone; a date-time
 * (an instant) is read in the rule's time zone for anything calendar-like (days, months, start of).
 */

export const CALENDAR_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export const TIME_UNITS = ['hour', 'minute', 'second'] as const;
export type CalendarUnit = (typeof CALENDAR_UNITS)[number];
export type TimeUnit = (typeof TIME_UNITS)[number];
export type Unit = CalendarUnit | TimeUnit;

export const UNIT_MS: Record<TimeUnit, number> = { hour: 3_600_000, minute: 60_000, second: 1000 };
export const UNIT_MONTHS: Record<'month' | 'quarter' | 'year', number> = { month: 1, quarter: 3, year: 12 };
/** Amounts beyond this many units are refused (null), so results stay within both backends' ranges. */
export const MAX_AMOUNT = 100_000;

/** Results outside the years 1000–9999 (the API's date range) are null, in both backends. */
export const MIN_DAY = Date.UTC(1000, 0, 1) / 86_400_000;
export const MAX_DAY = Date.UTC(9999, 11, 31) / 86_400_000;
const formatDate = (day: number): string | null => (day >= MIN_DAY && day <= MAX_DAY ? formatAnyDate(day) : null);
const formatDatetime = (ms: number): string | null => (ms >= MIN_DAY * 86_400_000 && ms < (MAX_DAY + 1) * 86_400_000 ? formatAnyDatetime(ms) : null);

export type Moment = { kind: 'date'; day: number } | { kind: 'datetime'; ms: number };

export function momentOf(value: unknown): Moment | undefined {
  const day = parseDate(value);
  if (day !== undefined) return { kind: 'date', day };
  const ms = parseDatetime(value);
  return ms === undefined ? undefined : { kind: 'datetime', ms };
}

export const isCalendarUnit = (u: unknown): u is CalendarUnit => (CALENDAR_UNITS as readonly unknown[]).includes(u);
export const isTimeUnit = (u: unknown): u is TimeUnit => (TIME_UNITS as readonly unknown[]).includes(u);

const isoWeekday = (day: number) => (((day + 3) % 7) + 7) % 7; // 0 = Monday; 1970-01-01 was a Thursday

/** Adds months to a date, keeping the day unless the month is shorter (Jan 31 + 1 month = Feb 28). */
function plusMonths(date: { year: number; month: number; day: number }, months: number) {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

function shiftDate(date: { year: number; month: number; day: number }, amount: number, unit: CalendarUnit) {
  if (unit === 'day' || unit === 'week') return civil(epochDay(date) + amount * (unit === 'week' ? 7 : 1));
  return plusMonths(date, amount * UNIT_MONTHS[unit]);
}

export function addTo(m: Moment, amount: number, unit: Unit, timeZone: string): string | null {
  if (m.kind === 'date') return isCalendarUnit(unit) ? formatDate(epochDay(shiftDate(civil(m.day), amount, unit))) : null;
  if (isTimeUnit(unit)) return formatDatetime(m.ms + amount * UNIT_MS[unit]);
  const wall = wallClock(m.ms, timeZone);
  const shifted: WallClock = { ...wall, ...shiftDate(wall, amount, unit) };
  return formatDatetime(instantOf(shifted, timeZone));
}

/** Full months from a to b, truncated toward zero (Jan 31 → Feb 28 is 0 months). */
function monthsBetween(a: { year: number; month: number; day: number }, b: { year: number; month: number; day: number }): number {
  let months = b.year * 12 + b.month - (a.year * 12 + a.month);
  if (months > 0 && b.day < a.day) months -= 1;
  else if (months < 0 && b.day > a.day) months += 1;
  return months;
}

const localDay = (m: Moment, timeZone: string) => (m.kind === 'date' ? m.day : epochDay(wallClock(m.ms, timeZone)));
const instant = (m: Moment, timeZone: string) => (m.kind === 'datetime' ? m.ms : instantOf({ ...civil(m.day), hour: 0, minute: 0, second: 0, ms: 0 }, timeZone));

/** Whole units from a to b; `+ 0` turns JavaScript's -0 into 0, as SQL integers have no -0. */
export function diff(a: Moment, b: Moment, unit: Unit, timeZone: string): number {
  return wholeUnits(a, b, unit, timeZone) + 0;
}

function wholeUnits(a: Moment, b: Moment, unit: Unit, timeZone: string): number {
  if (isTimeUnit(unit)) return Math.trunc((instant(b, timeZone) - instant(a, timeZone)) / UNIT_MS[unit]);
  const [da, db] = [localDay(a, timeZone), localDay(b, timeZone)];
  if (unit === 'day') return db - da;
  if (unit === 'week') return Math.trunc((db - da) / 7);
  return Math.trunc(monthsBetween(civil(da), civil(db)) / UNIT_MONTHS[unit]);
}

function truncateDay(day: number, unit: CalendarUnit): number {
  if (unit === 'day') return day;
  if (unit === 'week') return day - isoWeekday(day);
  const { year, month } = civil(day);
  const first = unit === 'month' ? month : unit === 'quarter' ? Math.floor((month - 1) / 3) * 3 + 1 : 1;
  return epochDay({ year, month: first, day: 1 });
}

export function startOf(m: Moment, unit: CalendarUnit, timeZone: string): string | null {
  if (m.kind === 'date') return formatDate(truncateDay(m.day, unit));
  const day = truncateDay(localDay(m, timeZone), unit);
  return formatDatetime(instantOf({ ...civil(day), hour: 0, minute: 0, second: 0, ms: 0 }, timeZone));
}

export function today(now: Date, timeZone: string): string | null {
  return formatDate(epochDay(wallClock(now.getTime(), timeZone)));
}

