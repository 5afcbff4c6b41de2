import { AppError, isUuid } from '../kernel/index.ts';
import { qualify, query, quoteIdent, type Knex } from '../db/index.ts';
import { assertFieldNames } from '../query/index.ts';
import { shapeRecord } from './shape.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';

export function assertRecordId(id: string): void {
  if (!isUuid(id)) throw new AppError('record_not_found', 'There is no record with this id');
}

/** Reads one live row (not in the recycle bin), optionally locking it for an update. */
export async function loadRow(db: Knex | Knex.Transaction, schema: string, table: string, id: string, lock = false): Promise<Record<string, unknown>> {
  assertRecordId(id);
  const rows = await query(db, `select * from ${qualify(schema, table)} where ${quoteIdent('id')} = ? and ${quoteIdent('deleted_at')} is null${lock ? ' for update' : ''}`, [id]);
  const row = rows[0];
  if (!row) throw new AppError('record_not_found', `There is no ${table} with this id`);
  return row;
}

export async function getRecord(ctx: RecordContext, objectName: string, id: string, fields?: string[]): Promise<Record<string, unknown>> {
  const object = requireCompiledObject(ctx.model, objectName);
  if (fields) assertFieldNames(object, fields);
  return shapeRecord(object, await loadRow(ctx.knex, ctx.model.tenant.schema, objectName, id), fields);
}
