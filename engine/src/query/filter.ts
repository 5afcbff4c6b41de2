import { AppError, isUuid } from '../kernel/index.ts';
import { quoteIdent } from '../db/index.ts';
import type { CompiledObject } from '../contracts/index.ts';

export interface SqlFragment {
  sql: string;
  bindings: unknown[];
}

const fail = (message: string, field?: string): never => {
  throw new AppError('invalid_filter', message, field ? { errors: [{ field, message }] } : {});
};

function equality(object: CompiledObject, args: unknown, negate: boolean): SqlFragment {
  if (!Array.isArray(args) || args.length !== 2) return fail('"==" takes two arguments: {"var": "<field>"} and a value');
  const [left, value] = args as [unknown, unknown];
  const path = (left as { var?: unknown } | null)?.var;
  if (typeof path !== 'string') return fail('the first argument of "==" must be {"var": "<field>"}');
  let column: string;
  let bound: unknown = value;
  if (path === 'id' || path === 'owner_id') {
    column = path;
    if (value !== null && !(typeof value === 'string' && isUuid(value))) fail(`${path} is compared with a uuid string`, path);
  } else {
    const field = object.byName.get(path);
    if (!field) return fail(`"${path}" is not a field of "${object.def.api_name}"`, path);
    const sortColumn = field.type.sortColumn(field.def);
    if (sortColumn === null) return fail(`a ${field.def.type} field cannot be compared with "=="`, path);
    column = sortColumn;
    if (value !== null) {
      if (typeof value === 'object' || !field.isValue(value)) fail(`${JSON.stringify(value)} is not a value of the ${field.def.type} field "${path}"`, path);
      bound = Object.values(field.type.toColumns(value, field.def))[0];
    }
  }
  if (bound === null) return { sql: `${quoteIdent(column)} is ${negate ? 'not ' : ''}null`, bindings: [] };
  return negate ? { sql: `${quoteIdent(column)} is distinct from ?`, bindings: [bound] } : { sql: `${quoteIdent(column)} = ?`, bindings: [bound] };
}

/**
 * The filter language of this release: JSON-logic equality (`==`, `!=`) on a field and `and`.
 * The full rule language (logic/) replaces this function behind the same signature.
 */
export function compileFilter(object: CompiledObject, filter: unknown, depth = 0): SqlFragment {
  if (depth > 32) fail('the filter is nested too deeply');
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) return fail('a filter is a JSON-logic object such as {"==": [{"var": "status"}, "new"]}');
  const entries = Object.entries(filter);
  if (entries.length !== 1) return fail('a JSON-logic operation has exactly one operator');
  const [operator, args] = entries[0] as [string, unknown];
  switch (operator) {
    case '==':
    case '===':
      return equality(object, args, false);
    case '!=':
    case '!==':
      return equality(object, args, true);
    case 'and': {
      if (!Array.isArray(args) || args.length === 0) return fail('"and" takes a list of conditions');
      const parts = args.map((a) => compileFilter(object, a, depth + 1));
      return { sql: parts.map((p) => `(${p.sql})`).join(' and '), bindings: parts.flatMap((p) => p.bindings) };
    }
    default:
      return fail(`the operator "${operator}" is not supported in list filters yet; use ==, != and and`);
  }
}
