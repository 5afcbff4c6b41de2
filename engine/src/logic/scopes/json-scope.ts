import type { RuleScope, SqlExpr } from '../types.ts';
import { expr, jl } from '../sql/convert.ts';

/**
 * Variables over JSON data of unknown shape, held in SQL as jsonb (`root`): every path may exist,
 * its type is known only at run time, and JavaScript's semantics come from the jl_* functions.
 */
export function jsonScope(root: SqlExpr): RuleScope {
  return {
    root,
    resolveVar(path) {
      if (path === '') return { type: 'any', sql: root };
      const value = expr(`${jl('get')}(${root.sql}, ?::text[])`, [...root.bindings, path.split('.')], 'jsonb', true);
      // jl_get is SQL NULL where the path is missing and JSON null where it holds null: only the first takes a default.
      return { type: 'any', sql: value, missing: { sql: `(${value.sql} is null)`, bindings: value.bindings } };
    },
  };
}

/** JSON data bound as one parameter: `?::jsonb`. */
export function jsonDataScope(data: unknown): RuleScope {
  return jsonScope(expr('?::jsonb', [JSON.stringify(data ?? null)], 'jsonb', true));
}
