import type { CompiledObject } from '../contracts/index.ts';

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/**
 * A table row → the record as the API returns it (system fields, then active fields), with only the
 * fields in `only` (id and version always) and never a field outside `readable` (the actor's field mask).
 */
const SYSTEM_FIELDS = ['id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'owner_id', 'version'] as const;

export function shapeRecord(object: CompiledObject, row: Record<string, unknown>, only?: string[], readable?: ReadonlySet<string>): Record<string, unknown> {
  // Built by adding properties only (never deleting), so V8 keeps one fast shape per field mask.
  const record: Record<string, unknown> = {};
  for (const name of SYSTEM_FIELDS) {
    if (readable && !readable.has(name)) continue;
    const value = row[name];
    record[name] = name === 'created_at' || name === 'updated_at' ? iso(value) : name === 'id' || name === 'version' ? value : (value ?? null);
  }
  for (const field of object.fields) {
    if (!readable || readable.has(field.def.api_name)) record[field.def.api_name] = field.type.fromColumns(row, field.def);
  }
  if (!only) return record;
  const picked: Record<string, unknown> = { id: record.id, version: record.version };
  for (const name of only) if (name in record) picked[name] = record[name];
  return picked;
}
