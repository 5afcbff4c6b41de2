import { DAY_MS } from './formats.ts';

/**
 * Wall-clock time in an IANA time zone, computed with Intl so JavaScript and PostgreSQL (which has
 * its own copy of the tz database) agree. A wall-clock time that does not exist or exists twice
 * (daylight-saving changes) resolves as PostgreSQL resolves it: to the later of the two instants.
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || name === '' || name.length > 64) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

export function wallClock(instant: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
  return { year, month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second), ms: ((instant % 1000) + 1000) % 1000 };
}

/** A wall-clock time as if it were UTC: milliseconds comparable across zones. */
export function wallMs(w: WallClock): number {
  const date = new Date(Date.UTC(2000, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms));
  date.setUTCFullYear(w.year);
  return date.getTime();
}

function offsetAt(instant: number, timeZone: string): number {
  return wallMs(wallClock(instant, timeZone)) - instant;
}

/** The instant a wall-clock time names in a zone (PostgreSQL's `timestamp at time zone`). */
export function instantOf(w: WallClock, timeZone: string): number {
  const local = wallMs(w);
  const candidates = [offsetAt(local - DAY_MS, timeZone), offsetAt(local + DAY_MS, timeZone)].map((offset) => ({ instant: local - offset, offset }));
  const valid = candidates.filter((c) => offsetAt(c.instant, timeZone) === c.offset);
  return Math.max(...(valid.length > 0 ? valid : candidates).map((c) => c.instant));
}

/** Days since 1970-01-01 of a wall-clock date. */
export function epochDay(w: Pick<WallClock, 'year' | 'month' | 'day'>): number {
  return Math.floor(wallMs({ ...w, hour: 0, minute: 0, second: 0, ms: 0 }) / DAY_MS);
}

export function civil(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
