import crypto from 'node:crypto';
import { createAjv, type Ajv } from '../../engine/src/kernel/index.ts';
import { quoteIdent, type Knex } from '../../engine/src/db/index.ts';
import type { FieldDef } from '../../engine/src/metadata/index.ts';
import type { ColumnSpec, FieldType, GenerateContext } from '../../engine/src/field-types/index.ts';

/** The engine's ajv, and a strict one that also refuses unknown keywords and loose types in our schemas. */
export const engineAjv: Ajv = createAjv();
export const strictAjv: Ajv = createAjv({ strict: true, allowUnionTypes: true });

export function sampleField(type: FieldType, overrides: Partial<FieldDef> = {}): FieldDef {
  return { api_name: 'f', type: type.name, label: { en: 'F' }, ...type.samples.field, ...overrides };
}

export const q = quoteIdent;
export const tableName = (prefix: string) => `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
export const qualified = (schema: string, table: string) => `${q(schema)}.${q(table)}`;

/** A table with an id and the given columns; tables the columns reference are created when missing. */
export async function createFieldTable(db: Knex, schema: string, table: string, columns: ColumnSpec[]): Promise<void> {
  for (const column of columns) {
    if (column.references) await db.raw(`create table if not exists ${qualified(schema, column.references.table)} (id uuid primary key)`);
  }
  const defs = columns.map((c) => {
    const fk = c.references ? ` references ${qualified(schema, c.references.table)} (id) on delete ${c.references.onDelete}` : '';
    return `${q(c.name)} ${c.sqlType}${fk}`;
  });
  await db.raw(`create table ${qualified(schema, table)} (id uuid primary key${defs.map((d) => `, ${d}`).join('')})`);
}

/** Makes the rows that reference columns point at exist, so foreign keys accept the sample ids. */
export async function ensureReferenced(db: Knex, schema: string, columns: ColumnSpec[], values: Record<string, unknown>): Promise<void> {
  for (const column of columns) {
    const id = values[column.name];
    if (!column.references || typeof id !== 'string') continue;
    const table = qualified(schema, column.references.table);
    if (column.references.table === '_users') {
      await db.raw(`insert into ${table} (id, email, name) values (?, ?, ?) on conflict do nothing`, [id, `${id}@example.com`, 'Sample user']);
    } else {
      await db.raw(`insert into ${table} (id) values (?) on conflict do nothing`, [id]);
    }
  }
}

export async function insertRow(db: Knex, schema: string, table: string, values: Record<string, unknown>): Promise<string> {
  const id = crypto.randomUUID();
  await db.withSchema(schema).table(table).insert({ id, ...values });
  return id;
}

export async function selectRow(db: Knex, schema: string, table: string, id: string): Promise<Record<string, unknown>> {
  const row = (await db.withSchema(schema).table(table).where({ id }).first()) as Record<string, unknown> | undefined;
  if (!row) throw new Error(`row ${id} not found`);
  return row;
}

/** A gap-free counter per period, as the engine keeps one per field. */
export function testCounter(now: Date): GenerateContext & { periods: string[] } {
  const counts = new Map<string, number>();
  const periods: string[] = [];
  return {
    now,
    periods,
    async next(period) {
      periods.push(period);
      const value = (counts.get(period) ?? 0) + 1;
      counts.set(period, value);
      return value;
    },
  };
}
