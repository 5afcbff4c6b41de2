import { AppError } from '../kernel/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import { compileValue, type RuleContext } from '../logic/index.ts';
import { readScope } from './filter.ts';
import { pathSteps, type LookupAccess } from './lookup-paths.ts';
import type { PathSort } from './sort.ts';

const SORTABLE_SYSTEM = new Set(['id', 'created_at', 'updated_at', 'version', 'owner_id', 'created_by', 'updated_by']);

function sortError(path: string, message: string): AppError {
  return new AppError('invalid_sort', `Cannot sort by "${path}": ${message}`, { errors: [{ field: path, message }] });
}

/**
 * Sorting by a field of a looked-up record (`customer.name`, `customer.country.code`): the value is the
 * lookup's subquery — reading only target rows the actor may read, so a hidden row sorts as an empty
 * lookup (nulls last ascending) and its values cannot be inferred from the order. The last field must be
 * a sortable single-column field (or a sortable system field) of the object the path reaches.
 */
export function lookupSort(model: CompiledModel, object: CompiledObject, lookups: LookupAccess, ctx?: Partial<RuleContext>): PathSort {
  return (path) => {
    const segments = path.split('.');
    const steps = pathSteps(model, object, path);
    if (steps.length !== segments.length) throw sortError(path, 'each part but the last must be a lookup, two at most');
    const last = steps[steps.length - 1] as { object: string; field: string };
    const target = model.objects.get(last.object);
    const field = target?.byName.get(last.field);
    const columns = field ? field.type.columns(field.def) : [];
    const sortable = SORTABLE_SYSTEM.has(last.field) || (field !== undefined && columns.length === 1 && field.type.sortColumn(field.def) === columns[0]?.name);
    if (!target || (!field && !SORTABLE_SYSTEM.has(last.field))) throw sortError(path, `"${last.field}" is not a field of "${last.object}"`);
    if (!sortable) throw sortError(path, `a ${field?.def.type ?? ''} field cannot be sorted through a lookup`);
    const value = compileValue({ var: path }, readScope(model, object, { lookups, ctx }), { operators: model.operators, ctx, errorCode: 'invalid_sort' });
    return { expr: { sql: value.sql, bindings: value.bindings }, timestamp: value.kind === 'timestamptz' };
  };
}
