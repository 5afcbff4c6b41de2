import { AppError } from '../kernel/index.ts';
import { query, type Knex } from '../db/index.ts';
import { assertFieldNames, assertReadable, planExpand, planGet, recordSource, type GetOptions } from '../query/index.ts';
import type { RecordAccess } from '../access/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import { shapeRecord } from './shape.ts';
import { requireCompiledObject, readerRules, type RecordContext } from './record-context.ts';
import { readAccess } from './read-access.ts';
import { expandRecords } from './expand-records.ts';

/**
 * Reads one row the actor may see (live, or in the recycle bin with `binned`), optionally locking it;
 * a record they cannot see is a 404 like one that does not exist. The row carries `__can_edit`.
 */
export async function loadVisibleRow(db: Knex | Knex.Transaction, ctx: RecordContext, object: CompiledObject, id: string, access: RecordAccess, options: GetOptions = {}): Promise<Record<string, unknown>> {
  // Read through the record source, so the row carries its formula values too.
  const plan = planGet(ctx.model.tenant.schema, object.def.api_name, id, access, { ...options, source: options.source ?? recordSource(ctx.model, object, { ctx: readerRules(ctx) }) });
  const row = (await query(db, plan.sql, plan.bindings, { isoTimestamps: true, prepareAt: ctx.model.version }))[0];
  if (!row) throw new AppError('record_not_found', `There is no ${object.def.api_name} with this id${options.binned ? ' in the recycle bin' : ''}`);
  return row;
}

/** One record the actor may read (`fields` projection, `expand` of lookups as in lists). */
export async function getRecord(ctx: RecordContext, objectName: string, id: string, fields?: string[], expand?: string[]): Promise<Record<string, unknown>> {
  const object = requireCompiledObject(ctx.model, objectName);
  const { access, lookups, rules } = await readAccess(ctx, object, { expand });
  if (fields) {
    assertFieldNames(object, fields);
    assertReadable(access, fields, 'ask for');
  }
  const steps = expand?.length ? planExpand(ctx.model, object, expand, access, lookups) : [];
  const row = await loadVisibleRow(ctx.knex, ctx, object, id, access);
  const record = shapeRecord(object, row, fields, access.fields.readable);
  await expandRecords(ctx.knex, ctx.model, steps, lookups, [row], [record], rules);
  return record;
}
