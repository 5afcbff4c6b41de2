import type { CastFrom, CastRule } from './field-type.ts';
import type { FieldDef } from '../metadata/index.ts';
import { sqlInt } from './sql-literal.ts';

/** One part of a `failing` condition: SQL over the quoted column and `?` placeholders, with their values. */
export interface Condition {
  sql: string;
  bindings: unknown[];
}

/** Rows fail when any condition holds; bindings follow the order of the placeholders. */
export function failingWhen(conditions: Array<Condition | undefined>, using?: string): CastRule {
  const present = conditions.filter((c): c is Condition => c !== undefined);
  const rule: CastRule = {};
  if (using !== undefined) rule.using = using;
  if (present.length > 0) {
    rule.failing = present.map((c) => `(${c.sql})`).join(' or ');
    rule.bindings = present.flatMap((c) => c.bindings);
  }
  return rule;
}

/** The data already fits: the column keeps its values as they are. */
export const keep: CastFrom = () => ({});

export const notMatching = (column: string, pattern: string): Condition => ({ sql: `${column} !~ ?`, bindings: [pattern] });

export const longerThan = (column: string, max: number): Condition => ({ sql: `length(${column}) > ${sqlInt(max)}`, bindings: [] });

/** Values outside the target's `min`/`max` settings would convert but then fail validation at the next save. */
export function outOfRange(value: string, min: number | undefined, max: number | undefined): Condition | undefined {
  const parts: Condition[] = [];
  if (min !== undefined) parts.push({ sql: `${value} < ?`, bindings: [min] });
  if (max !== undefined) parts.push({ sql: `${value} > ?`, bindings: [max] });
  if (parts.length === 0) return undefined;
  return { sql: parts.map((p) => p.sql).join(' or '), bindings: parts.flatMap((p) => p.bindings) };
}

/** Casts into a text column of at most `maxOf(to)` characters: from text columns, and from numbers written as text. */
export function textCasts(maxOf: (field: FieldDef) => number): { tooLong: CastFrom; numberAsText: CastFrom } {
  return {
    tooLong: (column, _from, to) => ({ failing: longerThan(column, maxOf(to)).sql }),
    numberAsText: (column, _from, to) => ({ using: `${column}::text`, failing: longerThan(`${column}::text`, maxOf(to)).sql }),
  };
}
