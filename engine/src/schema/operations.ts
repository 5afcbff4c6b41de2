import { quoteIdent, searchVectorSql, SEARCH_COLUMN, type Knex } from '../db/index.ts';
import { SYSTEM_COLUMNS, constraintName, type PhysicalColumn } from './physical-model.ts';

/** One step of a migration plan, as data. `toSql` renders it; `describeOperation` says it in plain words. */
export type Operation =
  | { op: 'create_table'; table: string; columns: PhysicalColumn[] }
  | { op: 'add_column'; table: string; column: PhysicalColumn }
  | { op: 'alter_column_type'; table: string; column: string; field: string; fromType: string; toType: string; sqlType: string; using?: string }
  | { op: 'add_unique'; table: string; column: string }
  | { op: 'drop_unique'; table: string; column: string }
  | { op: 'create_index'; table: string; column: string }
  | { op: 'drop_index'; table: string; column: string }
  | { op: 'add_foreign_key'; table: string; column: string; references: NonNullable<PhysicalColumn['references']> }
  | { op: 'drop_foreign_key'; table: string; column: string }
  /** Full-text search (query/search.ts): a stored tsvector of the searchable text columns, in order, and its GIN index. */
  | { op: 'add_search_column'; table: string; columns: string[] }
  | { op: 'create_search_index'; table: string }
  /** Drops the search column and, with it, its index. */
  | { op: 'drop_search_column'; table: string }
  /** Data, not DDL: recomputes a roll-up summary for every row (schema/rollup-plan.ts); its statement carries bound values. */
  | { op: 'recompute_rollup'; table: string; column: string; summary: string; statement: { sql: string; bindings: unknown[] } };

/** Runs one planned operation in the caller's transaction; only a roll-up recompute has bound values (DDL has none). */
export async function runOperation(trx: Knex.Transaction, operation: Operation & { sql: string }): Promise<void> {
  if (operation.op === 'recompute_rollup') await trx.raw(operation.sql, operation.statement.bindings as Knex.RawBinding[]);
  else await trx.raw(operation.sql);
}

const onDeleteSql = { restrict: 'restrict', 'set null': 'set null', cascade: 'cascade' } as const;

export function toSql(operation: Operation, schema: string): string {
  const table = `${quoteIdent(schema)}.${quoteIdent(operation.table)}`;
  switch (operation.op) {
    case 'create_table': {
      const columns = [
        ...SYSTEM_COLUMNS.map((c) => `${quoteIdent(c.name)} ${c.ddl}`),
        ...operation.columns.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`),
      ];
      return `create table ${table} (${columns.join(', ')})`;
    }
    case 'add_column':
      return `alter table ${table} add column ${quoteIdent(operation.column.name)} ${operation.column.sqlType}`;
    case 'alter_column_type':
      return `alter table ${table} alter column ${quoteIdent(operation.column)} type ${operation.sqlType}${operation.using ? ` using ${operation.using}` : ''}`;
    case 'add_unique':
      return `alter table ${table} add constraint ${quoteIdent(constraintName('uq', operation.table, operation.column))} unique (${quoteIdent(operation.column)})`;
    case 'drop_unique':
      return `alter table ${table} drop constraint ${quoteIdent(constraintName('uq', operation.table, operation.column))}`;
    case 'create_index': {
      // A field's index carries owner_id second: a list limited by a data scope and sorted or filtered by
      // the field checks the owner inside the index (PostgreSQL 17+) instead of fetching each row it rejects.
      const columns = operation.column === 'owner_id' ? [operation.column] : [operation.column, 'owner_id'];
      return `create index ${quoteIdent(constraintName('ix', operation.table, operation.column))} on ${table} (${columns.map(quoteIdent).join(', ')})`;
    }
    case 'drop_index':
      return `drop index ${quoteIdent(schema)}.${quoteIdent(constraintName('ix', operation.table, operation.column))}`;
    case 'add_foreign_key':
      return `alter table ${table} add constraint ${quoteIdent(constraintName('fk', operation.table, operation.column))} foreign key (${quoteIdent(operation.column)}) references ${quoteIdent(schema)}.${quoteIdent(operation.references.table)} (${quoteIdent('id')}) on delete ${onDeleteSql[operation.references.onDelete]}`;
    case 'drop_foreign_key':
      return `alter table ${table} drop constraint ${quoteIdent(constraintName('fk', operation.table, operation.column))}`;
    case 'recompute_rollup':
      return operation.statement.sql;
    case 'add_search_column':
      return `alter table ${table} add column ${quoteIdent(SEARCH_COLUMN)} tsvector generated always as (${searchVectorSql(operation.columns)}) stored`;
    case 'create_search_index':
      return `create index ${quoteIdent(constraintName('sx', operation.table, SEARCH_COLUMN))} on ${table} using gin (${quoteIdent(SEARCH_COLUMN)})`;
    case 'drop_search_column':
      return `alter table ${table} drop column if exists ${quoteIdent(SEARCH_COLUMN)}`;
  }
}

export function describeOperation(operation: Operation): string {
  switch (operation.op) {
    case 'create_table':
      return `creates the table "${operation.table}" with ${operation.columns.length} field column(s) and the system columns`;
    case 'add_column':
      return `adds a column "${operation.column.name}" (${operation.column.sqlType}) to "${operation.table}"; existing rows are not rewritten`;
    case 'alter_column_type':
      return `converts "${operation.table}.${operation.column}" from ${operation.fromType} to ${operation.toType} (${operation.sqlType}); the table is rewritten`;
    case 'add_unique':
      return `makes "${operation.table}.${operation.column}" unique`;
    case 'drop_unique':
      return `lets "${operation.table}.${operation.column}" hold duplicate values`;
    case 'create_index':
      return `indexes "${operation.table}.${operation.column}"`;
    case 'drop_index':
      return `removes the index on "${operation.table}.${operation.column}"`;
    case 'add_foreign_key':
      return `makes "${operation.table}.${operation.column}" refer to "${operation.references.table}" (on delete ${operation.references.onDelete})`;
    case 'drop_foreign_key':
      return `removes the reference from "${operation.table}.${operation.column}"`;
    case 'recompute_rollup':
      return `computes the roll-up "${operation.table}.${operation.column}" (${operation.summary}) for every "${operation.table}" record`;
    case 'add_search_column':
      return `adds the search column of "${operation.table}" over ${operation.columns.join(', ')}; the table is rewritten`;
    case 'create_search_index':
      return `indexes the search column of "${operation.table}"`;
    case 'drop_search_column':
      return `removes the search column of "${operation.table}" and its index`;
  }
}
