import type { FieldDef, ObjectDef, TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import type { OperatorRegistry } from '../logic/index.ts';
import type { Operation } from './operations.ts';
import { filterFields, isRollup } from './rollup-checks.ts';
import { recomputeStatement } from './rollup-sql.ts';

/** Properties that never change what a field holds. */
const NOT_VALUES = new Set(['label', 'help_text', 'description', 'required', 'audited', 'indexed', 'unique', 'searchable', 'default', 'default_rule']);

/** A field's definition without what never changes its values, key order ignored. */
function meaning(field: FieldDef | undefined): string {
  if (!field) return '';
  return JSON.stringify(Object.entries(field).filter(([key]) => !NOT_VALUES.has(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const fieldOf = (object: ObjectDef | undefined, name: string | undefined) => object?.fields.find((f) => f.api_name === name);

/** The child fields a roll-up's value depends on: its lookup, the summarised field, the fields its filter reads. */
export function rollupDependencies(field: FieldDef, operators: OperatorRegistry): string[] {
  return [field.via, field.field, ...filterFields(field.filter, operators)].filter((name): name is string => typeof name === 'string');
}

/**
 * The roll-ups a metadata change makes stale, each recomputed for every parent row in the change's
 * transaction: new (or restored) roll-ups, changed definitions, changed child fields they read, and —
 * after them — roll-ups summing up a recomputed one. Ordered so a roll-up runs after those it reads.
 */
export function rollupRecomputes(schema: string, current: TenantMetadata, next: TenantMetadata, registry: FieldTypeRegistry, operators: OperatorRegistry): Operation[] {
  const currentObjects = new Map(current.objects.map((o) => [o.api_name, o]));
  const nextObjects = new Map(next.objects.map((o) => [o.api_name, o]));
  const rollups = next.objects.filter((o) => !o.archived).flatMap((parent) => parent.fields.filter(isRollup).map((field) => ({ parent, field })));
  const key = (parent: string, field: string) => `${parent}.${field}`;
  const stale = new Set<string>();
  for (const { parent, field } of rollups) {
    const before = fieldOf(currentObjects.get(parent.api_name), field.api_name);
    const childBefore = currentObjects.get(field.child_object ?? '');
    const childAfter = nextObjects.get(field.child_object ?? '');
    const childChanged = !childBefore || rollupDependencies(field, operators).some((name) => meaning(fieldOf(childBefore, name)) !== meaning(fieldOf(childAfter, name)));
    if (!isRollup(before) || meaning(before) !== meaning(field) || childChanged) stale.add(key(parent.api_name, field.api_name));
  }
  // A roll-up over a stale roll-up is stale too; its depth orders it after the one it reads.
  const depth = new Map<string, number>();
  const depthOf = (parent: string, field: FieldDef, seen: Set<string>): number => {
    const own = key(parent, field.api_name);
    const known = depth.get(own);
    if (known !== undefined) return known;
    const child = field.child_object ?? '';
    const summarised = fieldOf(nextObjects.get(child), field.field);
    let result = 0;
    if (isRollup(summarised) && !seen.has(own)) {
      result = depthOf(child, summarised, new Set([...seen, own])) + 1;
      if (stale.has(key(child, summarised.api_name))) stale.add(own);
    }
    depth.set(own, result);
    return result;
  };
  for (const { parent, field } of rollups) depthOf(parent.api_name, field, new Set());
  const ctx = { schema, metadata: next, registry, operators };
  return rollups
    .filter(({ parent, field }) => stale.has(key(parent.api_name, field.api_name)))
    .sort((a, b) => (depth.get(key(a.parent.api_name, a.field.api_name)) ?? 0) - (depth.get(key(b.parent.api_name, b.field.api_name)) ?? 0))
    .map(({ parent, field }) => ({
      op: 'recompute_rollup',
      table: parent.api_name,
      column: field.api_name,
      summary: `${String(field.function)}${field.field ? ` of ${String(field.child_object)}.${field.field}` : ` of ${String(field.child_object)}`}${field.filter !== undefined ? ' matching its filter' : ''}`,
      statement: recomputeStatement(ctx, parent.api_name, [field]),
    }));
}
