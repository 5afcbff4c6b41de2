import type { CompiledObject } from '../contracts/index.ts';

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/** The system fields an answer shows, in order, with how each reads from its column. */
const SYSTEM_FIELDS: Array<[string, (value: unknown) => unknown]> = [
  ['id', (value) => value],
  ['created_at', iso],
  ['created_by', (value) => value ?? null],
  ['updated_at', iso],
  ['updated_by', (value) => value ?? null],
  ['owner_id', (value) => value ?? null],
  ['version', (value) => value],
];

type Reader = (row: Record<string, unknown>) => unknown;

/**
 * What an answer shows for one object and one field mask: each field with its reader, worked out once
 * per (object, mask) rather than once per row; masks are reused while the actor's access stands.
 */
const PLANS = new WeakMap<CompiledObject, WeakMap<ReadonlySet<string>, Array<[string, Reader]>>>();
const ALL: ReadonlySet<string> = new Set();

function shapePlan(object: CompiledObject, readable: ReadonlySet<string> | undefined): Array<[string, Reader]> {
  let byMask = PLANS.get(object);
  if (!byMask) PLANS.set(object, (byMask = new WeakMap()));
  const mask = readable ?? ALL;
  let plan = byMask.get(mask);
  if (!plan) {
    plan = [];
    for (const [name, read] of SYSTEM_FIELDS) if (!readable || readable.has(name)) plan.push([name, (row) => read(row[name])]);
    for (const field of object.fields) {
      if (!readable || readable.has(field.def.api_name)) plan.push([field.def.api_name, (row) => field.type.fromColumns(row, field.def)]);
    }
    byMask.set(mask, plan);
  }
  return plan;
}

/**
 * A table row → the record as the API returns it (system fields, then active fields), with only the
 * fields in `only` (id and version always) and never a field outside `readable` (the actor's field mask).
 */
export function shapeRecord(object: CompiledObject, row: Record<string, unknown>, only?: string[], readable?: ReadonlySet<string>): Record<string, unknown> {
  // Built by adding properties only (never deleting), so V8 keeps one fast shape per field mask.
  const record: Record<string, unknown> = {};
  for (const [name, read] of shapePlan(object, readable)) record[name] = read(row);
  if (!only) return record;
  const picked: Record<string, unknown> = { id: record.id, version: record.version };
  for (const name of only) if (name in record) picked[name] = record[name];
  return picked;
}
