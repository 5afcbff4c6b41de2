import type { SqlExpr, SqlFragment, SqlKind } from '../types.ts';
import { SQL_TYPE, frag, toFloat, toJsonb } from './convert.ts';

/**
 * One SQL type for the branches of if/and/or: their common kind, numbers as double precision when
 * exact and float columns mix, and jsonb (JavaScript values) when the kinds differ.
 */
export function unify(values: SqlExpr[]): { kind: SqlKind; nullable: boolean; items: SqlFragment[] } {
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
