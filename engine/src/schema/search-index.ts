import type { TenantRef } from '../kernel/index.ts';
import { SEARCH_COLUMN, type Knex } from '../db/index.ts';
import { loadMetadata, type ObjectDef } from '../metadata/index.ts';
import { searchableFields, searchColumn, type FieldTypeRegistry } from '../field-types/index.ts';
import { toSql, type Operation } from './operations.ts';

/** The text columns an object's search index covers, in index order (empty: no index). */
export function searchColumns(object: ObjectDef, registry: FieldTypeRegistry): string[] {
  return searchableFields(object, registry).map((field) => searchColumn(field, registry));
}

/**
 * Rebuilds the search column and its index when the searchable columns change (a field made
 * (un)searchable, archived or restored, converted to a type without search, another name field): drop,
 * then add over the new list. Dropping first also frees the columns for a type conversion, which
 * PostgreSQL refuses on a column a generated column reads.
 */
export function searchIndexOps(before: ObjectDef | null, after: ObjectDef, registry: FieldTypeRegistry): Operation[] {
  const from = before ? searchColumns(before, registry) : [];
  const to = searchColumns(after, registry);
  if (from.join(',') === to.join(',')) return [];
  const ops: Operation[] = [];
  if (from.length > 0) ops.push({ op: 'drop_search_column', table: after.api_name });
  if (to.length > 0) ops.push({ op: 'add_search_column', table: after.api_name, columns: to }, { op: 'create_search_index', table: after.api_name });
  return ops;
}

/**
 * Gives the tables of objects with searchable fields that have no search column yet (made before search
 * existed) their column and index, each object in its own transaction. Run at `tessera start`;
 * returns the objects it changed.
 */
export async function ensureSearchColumns(knex: Knex, tenant: TenantRef, registry: FieldTypeRegistry): Promise<string[]> {
  const metadata = await loadMetadata(knex, tenant.schema);
  const present = await knex.raw<{ rows: Array<{ table_name: string }> }>('select table_name from information_schema.columns where table_schema = ? and column_name = ?', [tenant.schema, SEARCH_COLUMN]);
  const have = new Set(present.rows.map((r) => r.table_name));
  const changed: string[] = [];
  for (const object of metadata.objects) {
    const columns = searchColumns(object, registry);
    if (columns.length === 0 || have.has(object.api_name)) continue;
    const ops: Operation[] = [{ op: 'add_search_column', table: object.api_name, columns }, { op: 'create_search_index', table: object.api_name }];
    await knex.transaction(async (trx) => {
      for (const op of ops) await trx.raw(toSql(op, tenant.schema));
    });
    changed.push(object.api_name);
  }
  return changed;
}
