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
interface ShapePlan {
  readers: Array<[string, Reader]>;
  /** Every property of the answer, in order, each null: records are copies of it, so they get their final layout at once. */
  template: Record<string, unknown>;
}

const PLANS = new WeakMap<CompiledObject, WeakMap<ReadonlySet<string>, ShapePlan>>();
const ALL: ReadonlySet<string> = new Set();

function shapePlan(object: CompiledObject, readable: ReadonlySet<string> | undefined): ShapePlan {
  let byMask = PLANS.get(object);
  if (!byMask) PLANS.set(object, (byMask = new WeakMap()));
  const mask = readable ?? ALL;
  let plan = byMask.get(mask);
  if (!plan) {
    const readers: Array<[string, Reader]> = [];
    for (const [name, read] of SYSTEM_FIELDS) if (!readable || readable.has(name)) readers.push([name, (row) => read(row[name])]);
    for (const field of object.fields) {
      if (!readable || readable.has(field.def.api_name)) readers.push([field.def.api_name, (row) => field.type.fromColumns(row, field.def)]);
    }
    const template: Record<string, unknown> = {};
    for (const [name] of readers) template[name] = null;
    plan = { readers, template };
    byMask.set(mask, plan);
  }
  return plan;
}

/**
 * A table row → the record as the API returns it (system fields, then active fields), with only the
 * fields in `only` (id and version always) and never a field outside `readable` (the actor's field mask).
 */
export function shapeRecord(object: CompiledObject, row: Record<string, unknown>, only?: string[], readable?: ReadonlySet<string>): Record<string, unknown> {
  // A copy of the plan's template, then filled: one layout per field mask, no property added one by one.
  const plan = shapePlan(object, readable);
  const record: Record<string, unknown> = { ...plan.template };
  for (const [name, read] of plan.readers) record[name] = read(row);
  if (!only) return record;
  const picked: Record<string, unknown> = { id: record.id, version: record.version };
  for (const name of only) if (name in record) picked[name] = record[name];
  return picked;
}
