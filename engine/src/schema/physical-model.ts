import crypto from 'node:crypto';
import type { FieldDef, ObjectDef } from '../metadata/index.ts';
import type { ColumnSpec, FieldTypeRegistry } from '../field-types/index.ts';

/** A column as it exists in PostgreSQL, with the constraints the engine manages on it. */
export interface PhysicalColumn extends ColumnSpec {
  /** The field the column belongs to; undefined for system columns. */
  field?: string;
  unique: boolean;
  indexed: boolean;
}

/** The system columns of every object table, in order. */
export const SYSTEM_COLUMNS: Array<{ name: string; ddl: string }> = [
  { name: 'id', ddl: 'uuid primary key' },
  { name: 'created_at', ddl: 'timestamptz not null default now()' },
  { name: 'created_by', ddl: 'uuid' },
  { name: 'updated_at', ddl: 'timestamptz not null default now()' },
  { name: 'updated_by', ddl: 'uuid' },
  { name: 'owner_id', ddl: 'uuid' },
  { name: 'version', ddl: 'integer not null default 1' },
  { name: 'deleted_at', ddl: 'timestamptz' },
];

/** The columns one field occupies, with unique/index flags on its primary (sort) column. Lookups are always indexed. */
export function fieldColumns(field: FieldDef, registry: FieldTypeRegistry): PhysicalColumn[] {
  const type = registry.require(field.type);
  const primary = type.sortColumn(field) ?? type.columns(field)[0]?.name;
  return type.columns(field).map((column) => ({
    ...column,
    field: field.api_name,
    unique: column.name === primary && field.unique === true,
    indexed: column.name === primary && (field.indexed === true || column.references !== undefined),
  }));
}

/** Every column of an object's table, archived fields included: archiving never removes data. */
export function objectColumns(object: ObjectDef, registry: FieldTypeRegistry): PhysicalColumn[] {
  return object.fields.flatMap((field) => fieldColumns(field, registry));
}

/** Deterministic, length-safe names for the constraints and indexes the engine creates. */
export function constraintName(kind: 'uq' | 'ix' | 'fk' | 'sx', table: string, column: string): string {
  const hash = crypto.createHash('sha256').update(`${table}.${column}`).digest('hex').slice(0, 16);
  return `${kind}_${table.slice(0, 30)}_${hash}`;
}
