import { newId } from '../kernel/index.ts';
import { qualify, query, quoteIdent, translatePgError, type Knex } from '../db/index.ts';
import { shapeRecord } from './shape.ts';
import { validatedPayload } from './blank-required.ts';
import { toColumns } from './to-columns.ts';
import { nextNumber } from './autonumber-counter.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { accessTo, requireRight } from './record-access.ts';
import { assertReferences, assertSettable } from './write-guard.ts';

function insertSql(schema: string, table: string, columns: Record<string, unknown>): { sql: string; bindings: unknown[] } {
  const names = Object.keys(columns);
  return {
    sql: `insert into ${qualify(schema, table)} (${names.map(quoteIdent).join(', ')}) values (${names.map(() => '?').join(', ')}) returning *`,
    bindings: Object.values(columns),
  };
}

/**
 * The save pipeline for a new record: authorise (create right, fields the actor may set), validate,
 * check references (lookups to records the actor can see, an active owner), defaults, generated
 * values, insert. The answer shows only the fields the actor may read.
 */
export async function createRecord(ctx: RecordContext, objectName: string, input: unknown): Promise<Record<string, unknown>> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  requireRight(access, 'canCreate');
  assertSettable(access, object, input);
  const payload = validatedPayload(object, input, 'create');
  await assertReferences(ctx, ctx.knex, object, access, payload);
  const values: Record<string, unknown> = { ...payload };
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
  const shape = (row: Record<string, unknown>) => shapeRecord(object, row, undefined, access.fields.readable);
  try {
    if (generated.length === 0) {
      const { sql, bindings } = insertSql(schema, objectName, columns);
      const rows = await query(ctx.knex, sql, bindings);
      return shape(rows[0] as Record<string, unknown>);
    }
    return await ctx.knex.transaction(async (trx) => {
      for (const field of generated) {
        Object.assign(columns, await field.type.generate?.(field.def, { now, next: (period) => nextNumber(trx, schema, objectName, field.def.api_name, period) }));
      }
      const { sql, bindings } = insertSql(schema, objectName, columns);
      const result = await trx.raw<{ rows: Array<Record<string, unknown>> }>(sql, bindings as Knex.RawBinding[]);
      return shape(result.rows[0] as Record<string, unknown>);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
