import { AppError } from '../kernel/index.ts';
import { quoteIdent } from '../db/index.ts';
import { sameDefinition, type FieldDef, type ObjectDef, type TenantMetadata } from '../metadata/index.ts';
import type { FieldTypeRegistry } from '../field-types/index.ts';
import { fieldColumns, objectColumns, type PhysicalColumn } from './physical-model.ts';
import type { Operation } from './operations.ts';
import { searchIndexOps } from './search-index.ts';

/** A question the plan asks the data before it is applied, e.g. how many rows would not convert. */
export interface PlanCheck {
  kind: 'rows_not_converting' | 'rows_missing_required' | 'duplicate_values' | 'values_archived';
  /** A blocking check with a count above zero stops the change. */
  blocking: boolean;
  object: string;
  field: string;
  description: string;
  /** A `select count(*)::int as count …` over the tenant's table, `?` placeholders bound to `bindings`. */
  sql: string;
  bindings: unknown[];
}

export interface SchemaDiff {
  operations: Operation[];
  checks: PlanCheck[];
}

function constraintOps(table: string, column: PhysicalColumn): Operation[] {
  const ops: Operation[] = [];
  if (column.unique) ops.push({ op: 'add_unique', table, column: column.name });
  if (column.indexed && !column.unique) ops.push({ op: 'create_index', table, column: column.name });
  if (column.references) ops.push({ op: 'add_foreign_key', table, column: column.name, references: column.references });
  return ops;
}

function sameReference(a: PhysicalColumn['references'], b: PhysicalColumn['references']): boolean {
  return a?.table === b?.table && a?.onDelete === b?.onDelete;
}

function changedConstraintOps(table: string, from: PhysicalColumn, to: PhysicalColumn): Operation[] {
  const ops: Operation[] = [];
  const fromIndex = from.indexed && !from.unique;
  const toIndex = to.indexed && !to.unique;
  if (from.unique && !to.unique) ops.push({ op: 'drop_unique', table, column: to.name });
  if (fromIndex && !toIndex) ops.push({ op: 'drop_index', table, column: to.name });
  if (!sameReference(from.references, to.references)) {
    if (from.references) ops.push({ op: 'drop_foreign_key', table, column: to.name });
    if (to.references) ops.push({ op: 'add_foreign_key', table, column: to.name, references: to.references });
  }
  if (!from.unique && to.unique) ops.push({ op: 'add_unique', table, column: to.name });
  if (!fromIndex && toIndex) ops.push({ op: 'create_index', table, column: to.name });
  return ops;
}

/** Properties that never change a column's values; the rest are type settings. */
const NOT_SETTINGS = new Set(['label', 'help_text', 'description', 'required', 'audited', 'indexed', 'unique', 'default', 'default_rule', 'archived', 'searchable']);

/** A field's type settings in a key-order-free form, so a patch that only adds e.g. `unique` is not a settings change. */
const settingsOf = (field: FieldDef) => JSON.stringify(Object.entries(field).filter(([key]) => !NOT_SETTINGS.has(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** What converting, requiring or uniquing one field asks of the data, and the `using` for its column. */
function fieldChecks(schema: string, table: string, from: FieldDef, to: FieldDef, registry: FieldTypeRegistry): { checks: PlanCheck[]; using?: string } {
  const checks: PlanCheck[] = [];
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const primary = registry.require(to.type).sortColumn(to) ?? registry.require(to.type).columns(to)[0]?.name ?? to.api_name;
  const fromPrimary = registry.require(from.type).sortColumn(from) ?? registry.require(from.type).columns(from)[0]?.name ?? from.api_name;
  let using: string | undefined;
  const typeChanged = from.type !== to.type;
  const settingsChanged = settingsOf(from) !== settingsOf(to);
  if (typeChanged || settingsChanged) {
    const rule = registry.require(to.type).castFrom[from.type];
    if (!rule) {
      if (typeChanged) {
        throw new AppError('unsafe_type_change', `A ${from.type} field cannot be converted to ${to.type} without losing data`, {
          errors: [{ field: 'type', message: `cannot change from ${from.type} to ${to.type}; safe targets are listed in the field type docs` }],
        });
      }
    } else {
      const cast = rule(quoteIdent(fromPrimary), from, to);
      using = cast.using;
      if (cast.failing) {
        checks.push({
          kind: 'rows_not_converting',
          blocking: true,
          object: table,
          field: to.api_name,
          description: `rows of "${table}" whose "${to.api_name}" would not convert to ${to.type}`,
          sql: `select count(*)::int as count from ${qualified} where ${quoteIdent(fromPrimary)} is not null and (${cast.failing})`,
          bindings: cast.bindings ?? [],
        });
      }
    }
  }
  if (to.required && !from.required && !registry.require(to.type).generated) {
    checks.push({
      kind: 'rows_missing_required',
      blocking: false,
      object: table,
      field: to.api_name,
      description: `records of "${table}" with no "${to.api_name}" yet (they must get one at their next save)`,
      sql: `select count(*)::int as count from ${qualified} where ${quoteIdent(primary)} is null and ${quoteIdent('deleted_at')} is null`,
      bindings: [],
    });
  }
  if (to.archived && !from.archived && registry.require(to.type).columns(to).length > 0) {
    // Not blocking: the values stay in the column and come back on restore; the admin sees how many first.
    checks.push({
      kind: 'values_archived',
      blocking: false,
      object: table,
      field: to.api_name,
      description: `values of "${table}.${to.api_name}" hidden by archiving (kept in the column; restoring brings them back)`,
      sql: `select count(*)::int as count from ${qualified} where ${quoteIdent(primary)} is not null and ${quoteIdent('deleted_at')} is null`,
      bindings: [],
    });
  }
  if (to.unique && !from.unique) {
    checks.push({
      kind: 'duplicate_values',
      blocking: true,
      object: table,
      field: to.api_name,
      description: `values of "${table}.${to.api_name}" used by more than one record`,
      sql: `select count(*)::int as count from (select 1 from ${qualified} where ${quoteIdent(primary)} is not null group by ${quoteIdent(primary)} having count(*) > 1) d`,
      bindings: [],
    });
  }
  return { checks, using };
}

/** The operations and checks that take one object's table from `before` to `after`. Columns are never dropped. */
export function diffObject(schema: string, before: ObjectDef | null, after: ObjectDef, registry: FieldTypeRegistry): SchemaDiff {
  const table = after.api_name;
  const afterColumns = objectColumns(after, registry);
  if (before === null) {
    // owner_id is indexed on every object table: data scopes filter lists by owner (access/).
    const ownerIndex: Operation = { op: 'create_index', table, column: 'owner_id' };
    return { operations: [{ op: 'create_table', table, columns: afterColumns }, ownerIndex, ...afterColumns.flatMap((c) => constraintOps(table, c)), ...searchIndexOps(null, after, registry)], checks: [] };
  }
  const operations: Operation[] = [];
  const checks: PlanCheck[] = [];
  const beforeFields = new Map(before.fields.map((f) => [f.api_name, f]));
  for (const field of after.fields) {
    const old = beforeFields.get(field.api_name);
    const columns = fieldColumns(field, registry);
    if (!old) {
      for (const column of columns) operations.push({ op: 'add_column', table, column }, ...constraintOps(table, column));
      continue;
    }
    const oldColumns = new Map(fieldColumns(old, registry).map((c) => [c.name, c]));
    const { checks: fieldCheckList, using } = fieldChecks(schema, table, old, field, registry);
    checks.push(...fieldCheckList);
    for (const column of columns) {
      const previous = oldColumns.get(column.name);
      oldColumns.delete(column.name);
      if (!previous) {
        operations.push({ op: 'add_column', table, column }, ...constraintOps(table, column));
        continue;
      }
      if (previous.sqlType !== column.sqlType) {
        const primary = column.name === (registry.require(field.type).sortColumn(field) ?? columns[0]?.name);
        operations.push({
          op: 'alter_column_type',
          table,
          column: column.name,
          field: field.api_name,
          fromType: old.type,
          toType: field.type,
          sqlType: column.sqlType,
          using: primary ? using : `${quoteIdent(column.name)}::${column.sqlType}`,
        });
      }
      operations.push(...changedConstraintOps(table, previous, column));
    }
    if (oldColumns.size > 0) {
      throw new AppError('unsafe_type_change', `Changing "${field.api_name}" to ${field.type} would drop data`, {
        errors: [{ field: 'type', message: `would leave column(s) ${[...oldColumns.keys()].join(', ')} behind` }],
      });
    }
  }
  for (const old of before.fields) {
    if (!after.fields.some((f) => f.api_name === old.api_name)) {
      throw new AppError('invalid_metadata', `Field "${old.api_name}" cannot be removed; archive it instead`, { errors: [{ field: old.api_name, message: 'fields are archived, never removed' }] });
    }
  }
  operations.push(...searchIndexOps(before, after, registry));
  return { operations, checks };
}

/** diff(current, next) over a whole tenant: every object that differs. */
export function diffMetadata(schema: string, current: TenantMetadata, next: TenantMetadata, registry: FieldTypeRegistry): SchemaDiff {
  const operations: Operation[] = [];
  const checks: PlanCheck[] = [];
  const currentByName = new Map(current.objects.map((o) => [o.api_name, o]));
  for (const object of next.objects) {
    const before = currentByName.get(object.api_name) ?? null;
    // Definitions read back from jsonb have their keys reordered: compare content, not text.
    if (before && sameDefinition(before, object)) continue;
    let diff: SchemaDiff;
    try {
      diff = diffObject(schema, before, object, registry);
    } catch (err) {
      // Name the object: this diff spans many.
      if (!(err instanceof AppError)) throw err;
      const errors = (err.errors ?? [{ field: '', message: err.message }]).map((e) => ({ ...e, field: [`objects.${object.api_name}`, e.field].filter(Boolean).join('.') }));
      throw new AppError(err.code, `${object.api_name}: ${err.message}`, { errors, extra: err.extra });
    }
    operations.push(...diff.operations);
    checks.push(...diff.checks);
  }
  return { operations, checks };
}
