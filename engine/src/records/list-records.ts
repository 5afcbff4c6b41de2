import { AppError, isAppError } from '../kernel/index.ts';
import { query, translatePgError } from '../db/index.ts';
import { encodeCursor, planList, type ListParams } from '../query/index.ts';
import { shapeRecord } from './shape.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { accessTo } from './record-access.ts';

export interface RecordPage {
  items: Array<Record<string, unknown>>;
  next_cursor: string | null;
}

/** A page of the records the actor may read, each showing only the fields they may read. */
export async function listRecords(ctx: RecordContext, objectName: string, params: ListParams): Promise<RecordPage> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  const plan = planList(ctx.model, object, params, access);
  let rows: Array<Record<string, unknown>>;
  try {
    rows = await query(ctx.knex, plan.sql, plan.bindings);
  } catch (err) {
    const translated = translatePgError(err);
    // Filter values are checked before they reach SQL, so a value PostgreSQL cannot read came from an edited cursor.
    if (params.cursor !== undefined && isAppError(translated) && translated.code === 'validation_failed') throw new AppError('invalid_cursor', 'The cursor is damaged', { cause: err });
    throw translated;
  }
  const more = rows.length > plan.limit;
  const page = more ? rows.slice(0, plan.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((row) => shapeRecord(object, row, plan.fields, access.fields.readable)),
    next_cursor: more && last ? encodeCursor(plan.keys, last) : null,
  };
}
