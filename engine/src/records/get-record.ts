import { AppError } from '../kernel/index.ts';
import { query, type Knex } from '../db/index.ts';
import { assertFieldNames, assertReadable, planGet, type GetOptions } from '../query/index.ts';
import type { RecordAccess } from '../access/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import { shapeRecord } from './shape.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { accessTo } from './record-access.ts';

/**
 * Reads one row the actor may see (live, or in the recycle bin with `binned`), optionally locking it;
 * a record they cannot see is a 404 like one that does not exist. The row carries `__can_edit`.
 */
export async function loadVisibleRow(db: Knex | Knex.Transaction, ctx: RecordContext, object: CompiledObject, id: string, access: RecordAccess, options: GetOptions = {}): Promise<Record<string, unknown>> {
  const plan = planGet(ctx.model.tenant.schema, object.def.api_name, id, access, options);
  const row = (await query(db, plan.sql, plan.bindings))[0];
  if (!row) throw new AppError('record_not_found', `There is no ${object.def.api_name} with this id${options.binned ? ' in the recycle bin' : ''}`);
  return row;
}

export async function getRecord(ctx: RecordContext, objectName: string, id: string, fields?: string[]): Promise<Record<string, unknown>> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  if (fields) {
    assertFieldNames(object, fields);
    assertReadable(access, fields, 'ask for');
  }
  return shapeRecord(object, await loadVisibleRow(ctx.knex, ctx, object, id, access), fields, access.fields.readable);
}
