import { AppError, newId } from '../kernel/index.ts';
import { qualify, query, quoteIdent, translatePgError, type Knex } from '../db/index.ts';
import { shapeRecord } from './shape.ts';
import { blankRequired } from './blank-required.ts';
import { toColumns } from './to-columns.ts';
import { nextNumber } from './autonumber-counter.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';

function insertSql(schema: string, table: string, columns: Record<string, unknown>): { sql: string; bindings: unknown[] } {
  const names = Object.keys(columns);
  return {
    sql: `insert into ${qualify(schema, table)} (${names.map(quoteIdent).join(', ')}) values (${names.map(() => '?').join(', ')}) returning *`,
    bindings: Object.values(columns),
  };
}

/** The save pipeline for a new record (this release: validate, defaults, generated values, insert). */
export async function createRecord(ctx: RecordContext, objectName: string, input: unknown): Promise<Record<string, unknown>> {
  const object = requireCompiledObject(ctx.model, objectName);
  const checked = object.checkCreate(input);
  const blank = blankRequired(object, input, checked.ok ? [] : checked.errors);
  if (!checked.ok || blank.length) throw new AppError('validation_failed', `The ${objectName} is not valid`, { errors: [...(checked.ok ? [] : checked.errors), ...blank] });
  const values: Record<string, unknown> = { ...checked.value };
  for (const field of object.fields) {
    if (values[field.def.api_name] === undefined && field.def.default !== undefined && !field.type.generated) values[field.def.api_name] = field.def.default;
  }
  const now = new Date();
  const columns: Record<string, unknown> = {
    id: newId(),
    created_by: ctx.actor.userId,
    updated_by: ctx.actor.userId,
    owner_id: ctx.actor.userId,
    ...toColumns(object, values),
  };
  const generated = object.fields.filter((f) => f.type.generated && f.type.generate);
  const schema = ctx.model.tenant.schema;
  try {
    if (generated.length === 0) {
      const { sql, bindings } = insertSql(schema, objectName, columns);
      const rows = await query(ctx.knex, sql, bindings);
      return shapeRecord(object, rows[0] as Record<string, unknown>);
    }
    return await ctx.knex.transaction(async (trx) => {
      for (const field of generated) {
        Object.assign(columns, await field.type.generate?.(field.def, { now, next: (period) => nextNumber(trx, schema, objectName, field.def.api_name, period) }));
      }
      const { sql, bindings } = insertSql(schema, objectName, columns);
      const result = await trx.raw<{ rows: Array<Record<string, unknown>> }>(sql, bindings as Knex.RawBinding[]);
      return shapeRecord(object, result.rows[0] as Record<string, unknown>);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
