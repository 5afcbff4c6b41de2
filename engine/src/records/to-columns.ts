import type { CompiledObject } from '../contracts/index.ts';

/** Validated field values → column values, through each field type. Owner is a system column. */
export function toColumns(object: CompiledObject, values: Record<string, unknown>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === 'owner_id') {
      columns.owner_id = value;
      continue;
    }
    const field = object.byName.get(name);
    if (!field) continue;
    if (value === null) {
      for (const column of field.type.columns(field.def)) columns[column.name] = null;
      continue;
    }
    Object.assign(columns, field.type.toColumns(value, field.def));
  }
  return columns;
}
