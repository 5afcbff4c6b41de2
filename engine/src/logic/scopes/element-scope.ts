import type { TypeScope } from '../operator.ts';
import type { LogicType, RuleScope, SqlExpr } from '../types.ts';
import { expr, literalExpr } from '../sql/convert.ts';
import { jsonScope } from './json-scope.ts';

/** Variables inside map/filter/some/all/none when the elements have a known type: only {"var": ""} names one. */
export function elementTypeScope(element: LogicType): TypeScope {
  if (element === 'any') return { resolveVar: () => ({ type: 'any' }), dynamic: true, needsSql: false };
  return { resolveVar: (path) => (path === '' ? { type: element } : undefined), dynamic: false, needsSql: false };
}

/** The SQL scope of one element: `alias.v` of an unnest or jsonb_array_elements. */
export function elementSqlScope(alias: string, kind: 'jsonb' | 'text'): RuleScope {
  const value: SqlExpr = expr(`${alias}.v`, [], kind, true);
  if (kind === 'jsonb') return jsonScope(value);
  // A path into a string finds nothing, so it is null, as in JavaScript.
  return { resolveVar: (path) => (path === '' ? { type: 'string', sql: value } : { type: 'null', sql: literalExpr(null) }) };
}
