import type { CompiledObject } from '../contracts/index.ts';

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/**
 * A table row → the record as the API returns it (system fields, then active fields), with only the
 * fields in `only` (id and version always) and never a field outside `readable` (the actor's field mask).
 */
export function shapeRecord(object: CompiledObject, row: Record<string, unknown>, only?: string[], readable?: ReadonlySet<string>): Record<string, unknown> {
  const record: Record<string, unknown> = {
    id: row.id,
    created_at: iso(row.created_at),
    created_by: row.created_by ?? null,
    updated_at: iso(row.updated_at),
    updated_by: row.updated_by ?? null,
    owner_id: row.owner_id ?? null,
    version: row.version,
  };
  for (const field of object.fields) {
    if (!readable || readable.has(field.def.api_name)) record[field.def.api_name] = field.type.fromColumns(row, field.def);
  }
  if (readable) {
    for (const name of Object.keys(record)) if (!readable.has(name)) delete record[name];
  }
  if (!only) return record;
  const picked: Record<string, unknown> = { id: record.id, version: record.version };
  for (const name of only) if (name in record) picked[name] = record[name];
  return picked;
}
