import type { JsonPrimitive } from '../../kernel/index.ts';
import type { LogicType, Rule } from '../types.ts';
import { isCanonicalDatetime, isDateText } from '../dates/formats.ts';

/** Helpers for operators' `type` functions: what a literal is, and which types may meet. */

export function literalOf(rule: Rule | undefined): JsonPrimitive | undefined {
  return rule === null || typeof rule === 'string' || typeof rule === 'number' || typeof rule === 'boolean' ? rule : undefined;
}

export function typeOfLiteral(rule: Rule): LogicType {
  if (rule === null) return 'null';
  if (Array.isArray(rule)) return 'array';
  if (typeof rule === 'object') return 'any';
  return typeof rule as 'number' | 'string' | 'boolean';
}

const NAMES: Record<LogicType, string> = {
  number: 'number',
  string: 'text',
  boolean: 'true/false value',
  date: 'date',
  datetime: 'date-time',
  array: 'list',
  null: 'null',
  any: 'value',
};
export const describe = (type: LogicType): string => NAMES[type];

const open = (t: LogicType) => t === 'any' || t === 'null';

/** Why a and b cannot be compared (==, <, …), or undefined when they can. */
export function comparisonProblem(a: LogicType, b: LogicType, rawA: Rule, rawB: Rule, ordered: boolean): string | undefined {
  if (open(a) || open(b)) return undefined;
  if (a === 'array' || b === 'array') return 'lists are not compared; use in, length or is_empty';
  if (a === b) return ordered && a === 'boolean' ? 'true/false values have no order' : undefined;
  for (const [self, other, raw] of [
    [a, b, rawA],
    [b, a, rawB],
  ] as const) {
    if (self !== 'string' || (other !== 'date' && other !== 'datetime')) continue;
    const literal = literalOf(raw);
    if (literal === undefined) break;
    if (other === 'date') return isDateText(literal) ? undefined : `${JSON.stringify(literal)} is not a date (YYYY-MM-DD)`;
    return isCanonicalDatetime(literal) ? undefined : `${JSON.stringify(literal)} is not a date-time in the form the API returns (2026-03-01T09:30:00.000Z: UTC, milliseconds)`;
  }
  return `a ${describe(a)} cannot be compared with a ${describe(b)}`;
}

/** Types an argument may have, as a problem message when it has another. */
export function expectTypes(actual: LogicType, allowed: readonly LogicType[], what: string): string | undefined {
  if (open(actual) || allowed.includes(actual)) return undefined;
  return `${what} is a ${describe(actual)}; expected ${allowed.map(describe).join(' or ')}`;
}

/** The common type of branches (if, and, or): null branches fit any type. */
export function commonType(types: LogicType[]): LogicType {
  const concrete = new Set(types.filter((t) => t !== 'null'));
  if (concrete.size === 0) return 'null';
  return concrete.size === 1 ? ([...concrete][0] as LogicType) : 'any';
}
