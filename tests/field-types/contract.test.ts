import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commonFieldProperties } from '../../engine/src/metadata/index.ts';
import { createBuiltinRegistry, fieldValueSchema, type FieldType } from '../../engine/src/field-types/index.ts';
import type { Knex } from '../../engine/src/db/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { createFieldTable, engineAjv, ensureReferenced, insertRow, q, qualified, sampleField, selectRow, strictAjv, tableName, testCounter } from './support.ts';

/**
 * The contract every field type — built-in or registered by a plugin — must pass.
 * Rule for bad values: the value schema refuses every one of them. toColumns is only ever given
 * schema-valid values, so it may normalise (round, sanitise, convert to UTC) but never validates.
 */
const registry = createBuiltinRegistry();
const db: Knex = testKnex();
let schema = '';

beforeAll(async () => {
  schema = (await freshTenant(db, 'ft')).schema;
});
afterAll(() => db.destroy());

/** What a sample becomes in the columns: generated types produce their value, others convert the input. */
async function sampleColumns(type: FieldType, field: ReturnType<typeof sampleField>, input: unknown): Promise<Record<string, unknown>> {
  return type.generated && type.generate ? type.generate(field, testCounter(new Date('2026-05-04T10:00:00Z'))) : type.toColumns(input, field);
}

describe.each(registry.list())('field type $name', (type) => {
  const field = sampleField(type);

  it('has a snake_case name, labels and a sample table', () => {
    expect(type.name).toMatch(/^[a-z][a-z0-9_]{0,39}$/);
    expect(type.label.en).toBeTruthy();
    expect(type.samples.good.length).toBeGreaterThan(0);
  });

  it('describes its settings with JSON Schemas the sample field satisfies', () => {
    for (const [name, settingSchema] of Object.entries(type.settings)) {
      expect(commonFieldProperties, `setting ${name} shadows a common field property`).not.toHaveProperty(name);
      strictAjv.compile(settingSchema);
    }
    const definition = { type: 'object', additionalProperties: false, required: ['api_name', 'type', 'label'], properties: { ...commonFieldProperties, ...type.settings } };
    const validate = engineAjv.compile(definition);
    expect(validate(field), JSON.stringify(validate.errors)).toBe(true);
    expect(type.check?.(field, { objectExists: () => true }) ?? []).toEqual([]);
  });

  it(type.computed ? 'is computed: no column, no value from input' : 'occupies real columns named after the field', async () => {
    const columns = type.columns(field);
    if (type.computed) {
      // A computed type (formula) is selected by the query stage under the field's name, never stored.
      expect(columns).toEqual([]);
      expect(type.generated).toBeFalsy();
      expect(type.toColumns(type.samples.good[0]?.input, field)).toEqual({});
      expect(type.valueSchema(field)).toMatchObject({ readOnly: true });
      expect(type.computed.expression(field)).toBeDefined();
      return;
    }
    expect(columns.length).toBeGreaterThan(0);
    expect(new Set(columns.map((c) => c.name)).size).toBe(columns.length);
    for (const column of columns) expect(column.name.startsWith(field.api_name)).toBe(true);
    await createFieldTable(db, schema, tableName(`cols_${type.name}`), columns);
  });

  it('sorts on one of its columns (a computed type: on its own name) or not at all', () => {
    const sort = type.sortColumn(field);
    if (sort !== null) expect(type.computed ? [field.api_name] : type.columns(field).map((c) => c.name)).toContain(sort);
  });

  it('accepts every good value and refuses every bad one by its value schema', () => {
    const validate = strictAjv.compile(type.valueSchema(field));
    const nullable = engineAjv.compile(fieldValueSchema(type, field));
    for (const sample of type.samples.good) {
      expect(validate(sample.input), `${JSON.stringify(sample.input)}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(nullable(sample.input)).toBe(true);
    }
    for (const bad of type.samples.bad) {
      expect(validate(bad), `${JSON.stringify(bad)} should be refused`).toBe(false);
      expect(nullable(bad), `${JSON.stringify(bad)} should be refused when nullable`).toBe(false);
    }
    expect(validate(null)).toBe(false);
    expect(nullable(null)).toBe(true);
  });

  it('round-trips every good value through PostgreSQL', async () => {
    if (type.computed) {
      // What the compiled rule gives, of the SQL type of its value, read back under the field's name.
      const schema = type.valueSchema(field);
      const sqlType = schema.type === 'number' ? 'numeric' : schema.type === 'boolean' ? 'boolean' : schema.format === 'date' ? 'date' : schema.format === 'date-time' ? 'timestamptz' : 'text';
      const validate = engineAjv.compile(schema);
      for (const sample of type.samples.good) {
        const row = (await db.raw<{ rows: Array<Record<string, unknown>> }>(`select ?::${sqlType} as ${q(field.api_name)}`, [sample.input as Knex.RawBinding])).rows[0] as Record<string, unknown>;
        const value = type.fromColumns(row, field);
        expect(value, JSON.stringify(sample.input)).toEqual(sample.output === undefined ? sample.input : sample.output);
        expect(validate(value), `output ${JSON.stringify(value)}`).toBe(true);
      }
      return;
    }
    const columns = type.columns(field);
    const table = tableName(`rt_${type.name}`);
    await createFieldTable(db, schema, table, columns);
    const validate = engineAjv.compile(type.valueSchema(field));
    const names = columns.map((c) => c.name).sort();
    for (const sample of type.samples.good) {
      const values = await sampleColumns(type, field, sample.input);
      expect(Object.keys(values).sort()).toEqual(names);
      await ensureReferenced(db, schema, columns, values);
      const row = await selectRow(db, schema, table, await insertRow(db, schema, table, values));
      const value = type.fromColumns(row, field);
      if (type.generated) expect(value).toEqual(type.fromColumns(values, field));
      else expect(value, JSON.stringify(sample.input)).toEqual(sample.output === undefined ? sample.input : sample.output);
      if (value !== null) expect(validate(value), `output ${JSON.stringify(value)}`).toBe(true);
    }
  });

  it('stores null as every column empty and reads it back as null', async () => {
    const columns = type.columns(field);
    const empty = type.toColumns(null, field);
    expect(empty).toEqual(Object.fromEntries(columns.map((c) => [c.name, null])));
    const table = tableName(`null_${type.name}`);
    await createFieldTable(db, schema, table, columns);
    expect(type.fromColumns(await selectRow(db, schema, table, await insertRow(db, schema, table, empty)), field)).toBeNull();
  });

  it(type.generated ? 'generates its value and accepts none from input' : 'takes its value from input (generates none)', async () => {
    if (!type.generated) {
      expect(type.generate).toBeUndefined();
      return;
    }
    expect(type.valueSchema(field)).toMatchObject({ readOnly: true });
    // A roll-up is generated too, but kept up to date by the save pipeline rather than made on insert.
    if (!type.generate) return;
    const ctx = testCounter(new Date('2026-05-04T10:00:00Z'));
    const first = await type.generate?.(field, ctx);
    const second = await type.generate?.(field, ctx);
    expect(first).not.toEqual(second);
  });

  const casts = Object.entries(type.castFrom);
  it.each(casts)('converts from %s with a runnable check and cast', async (source, rule) => {
    const sourceType = registry.get(source);
    expect(sourceType, `castFrom names an unknown type "${source}"`).toBeDefined();
    if (!sourceType) return;
    const from = sampleField(sourceType);
    const to = sampleField(type);
    const fromColumns = sourceType.columns(from);
    const table = tableName(`cast_${type.name}_${source}`);
    await createFieldTable(db, schema, table, fromColumns);
    for (const sample of sourceType.samples.good) {
      const values = await sampleColumns(sourceType, from, sample.input);
      await ensureReferenced(db, schema, fromColumns, values);
      await insertRow(db, schema, table, values);
    }
    const column = sourceType.sortColumn(from) ?? fromColumns[0]?.name ?? from.api_name;
    const cast = rule(q(column), from, to);
    // The same shape the schema stage runs: nulls never fail, `failing` binds its own values.
    const where = cast.failing ? `${q(column)} is not null and (${cast.failing})` : 'false';
    const bindings = (cast.bindings ?? []) as Knex.RawBinding[];
    expect(where.split('?').length - 1).toBe(bindings.length);
    expect(cast.using ?? '').not.toContain('?');
    await db.raw(`select count(*)::int as count from ${qualified(schema, table)} where ${where}`, bindings);
    await db.transaction(async (trx) => {
      await trx.raw(`delete from ${qualified(schema, table)} where ${where}`, bindings);
      const target = type.columns(to).find((c) => c.name === column) ?? type.columns(to)[0];
      const sourceSqlType = fromColumns.find((c) => c.name === column)?.sqlType;
      if (target && target.sqlType !== sourceSqlType) {
        await trx.raw(`alter table ${qualified(schema, table)} alter column ${q(column)} type ${target.sqlType}${cast.using ? ` using ${cast.using}` : ''}`);
      }
      const validate = engineAjv.compile(fieldValueSchema(type, to));
      const hasAllColumns = type.columns(to).every((c) => fromColumns.some((s) => s.name === c.name));
      const rows = (await trx.withSchema(schema).table(table).select('*')) as Array<Record<string, unknown>>;
      for (const row of hasAllColumns ? rows : []) {
        const value = type.fromColumns(row, to);
        expect(validate(value), `${source} row ${JSON.stringify(row)} → ${JSON.stringify(value)}`).toBe(true);
      }
      await trx.rollback();
    }).catch((error: unknown) => {
      // knex rejects a rolled-back transaction with no error of its own.
      if (error !== undefined) throw error;
    });
  });
});
