import type { SqlExpr, SqlFragment, SqlKind } from '../types.ts';
import { SQL_TYPE, expr, frag, toFloat, toJsonb } from './convert.ts';
import { isCanonicalDatetime, isDateText, isLowerUuid } from '../dates/formats.ts';

/**
 * One SQL type for the branches of if/and/or: their common kind, numbers as double precision when
 * exact and float columns mix, and jsonb (JavaScript values) when the kinds differ.
 */
export function unify(input: SqlExpr[]): { kind: SqlKind; nullable: boolean; items: SqlFragment[] } {
  const values = retypeLiterals(input);
  const nullable = values.some((v) => v.nullable);
  const kinds = new Set(values.filter((v) => v.kind !== 'null').map((v) => v.kind));
  if (kinds.size === 0) return { kind: 'null', nullable: true, items: values.map(() => frag('null')) };
  if (kinds.size === 1) {
    const kind = [...kinds][0] as SqlKind;
    return { kind, nullable, items: values.map((v) => (v.kind === 'null' ? frag(`null::${SQL_TYPE[kind]}`) : v)) };
  }
  if ([...kinds].every((k) => k === 'float' || k === 'numeric')) {
    return { kind: 'float', nullable, items: values.map((v) => (v.kind === 'null' ? frag(`null::${SQL_TYPE.float}`) : toFloat(v))) };
  }
  return { kind: 'jsonb', nullable: true, items: values.map(toJsonb) };
}

const AS_KIND: Partial<Record<SqlKind, (value: unknown) => boolean>> = { date: isDateText, timestamptz: isCanonicalDatetime, uuid: isLowerUuid };

/** A text literal beside dates (date-times, uuids) that is one, in their exact form, is read as one: it is the same JavaScript string. */
function retypeLiterals(values: SqlExpr[]): SqlExpr[] {
  const kinds = new Set(values.filter((v) => v.literal === undefined && v.kind !== 'null').map((v) => v.kind));
  // Only written-out texts: all dates (or all date-times) make a date (date-time) that date operations take.
  if (kinds.size === 0) {
    const texts = values.filter((v) => v.kind !== 'null').map((v) => v.literal?.value);
    const all = (test: (value: unknown) => boolean) => texts.length > 0 && texts.every(test);
    if (all(isDateText)) kinds.add('date');
    else if (all(isCanonicalDatetime)) kinds.add('timestamptz');
  }
  const [kind] = [...kinds];
  const fits = kinds.size === 1 && kind ? AS_KIND[kind] : undefined;
  if (!kind || !fits) return values;
  return values.map((v) => (v.kind === 'text' && v.literal && fits(v.literal.value) ? { ...expr(`?::${kind}`, [v.literal.value], kind), literal: v.literal } : v));
}
