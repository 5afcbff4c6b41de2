import { AppError } from '../kernel/index.ts';
import type { CompiledObject } from '../contracts/index.ts';

export interface SortKey {
  /** The API name sorted on (a field or a sortable system field). */
  field: string;
  column: string;
  desc: boolean;
  /**
   * The column is a timestamp: its JS value (a Date, milliseconds) is coarser than PostgreSQL's
   * microseconds, so the list query also selects it as text for the cursor.
   */
  timestamp: boolean;
  /**
   * A lookup path (customer.name): the value is this expression, selected under `column` (an alias),
   * which ORDER BY names and the keyset condition repeats.
   */
  expr?: { sql: string; bindings: unknown[] };
}

/** How a sort on a lookup path reads its value (query/lookup-sort.ts); absent: lookup paths are refused. */
export type PathSort = (path: string) => { expr: { sql: string; bindings: unknown[] }; timestamp: boolean };

/** The alias a lookup path's sort value is selected under (API names start with a letter, so none clashes). */
export const sortAlias = (index: number): string => `__sort_${index}`;

const SORTABLE_SYSTEM = new Set(['id', 'created_at', 'updated_at', 'version', 'owner_id', 'created_by', 'updated_by']);

/** `-amount,name` → sort keys, always ending with `id` so every order is total (keyset pagination needs it). */
export function parseSort(object: CompiledObject, sort: string | undefined, pathSort?: PathSort): SortKey[] {
  const keys: SortKey[] = [];
  const seen = new Set<string>();
  for (const raw of (sort ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (keys.length >= 5) throw new AppError('invalid_sort', 'Sort by at most five fields');
    const desc = raw.startsWith('-');
    const field = desc ? raw.slice(1) : raw.replace(/^\+/, '');
    if (seen.has(field)) throw new AppError('invalid_sort', `"${field}" appears twice in sort`, { errors: [{ field, message: 'appears twice in sort' }] });
    seen.add(field);
    if (SORTABLE_SYSTEM.has(field)) {
      keys.push({ field, column: field, desc, timestamp: field === 'created_at' || field === 'updated_at' });
      continue;
    }
    if (field.includes('.') && pathSort) {
      keys.push({ field, column: sortAlias(keys.length), desc, ...pathSort(field) });
      continue;
    }
    const compiled = object.byName.get(field);
    if (!compiled) throw new AppError('invalid_sort', `"${field}" is not a field of "${object.def.api_name}"`, { errors: [{ field, message: 'is not a field of this object' }] });
    const column = compiled.type.sortColumn(compiled.def);
    if (column === null) throw new AppError('invalid_sort', `A ${compiled.def.type} field cannot be sorted`, { errors: [{ field, message: `a ${compiled.def.type} field cannot be sorted` }] });
    // A computed field (formula) has no column: its date-time values are timestamps all the same.
    const sqlType = compiled.type.columns(compiled.def).find((c) => c.name === column)?.sqlType ?? (compiled.type.computed?.returnType(compiled.def) === 'datetime' ? 'timestamptz' : '');
    keys.push({ field, column, desc, timestamp: sqlType.startsWith('timestamp') });
  }
  if (keys.length > 5) throw new AppError('invalid_sort', 'Sort by at most five fields');
  if (!seen.has('id')) keys.push({ field: 'id', column: 'id', desc: false, timestamp: false });
  return keys;
}

export function sortSignature(keys: SortKey[]): string {
  return keys.map((k) => `${k.desc ? '-' : ''}${k.field}`).join(',');
}
