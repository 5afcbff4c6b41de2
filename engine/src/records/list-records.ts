import { AppError, isAppError } from '../kernel/index.ts';
import { query, translatePgError } from '../db/index.ts';
import { encodeCursor, planExpand, planList, relatedVia } from '../query/index.ts';
import { shapeRecord } from './shape.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { accessTo } from './record-access.ts';
import { readAccess } from './read-access.ts';
import { expandRecords } from './expand-records.ts';
import { loadVisibleRow } from './get-record.ts';
import { applyView, type ListRequest } from './list-view.ts';

export interface RecordPage {
  items: Array<Record<string, unknown>>;
  next_cursor: string | null;
  /** Offset paging only: the offset of the next page, null after the last. */
  next_offset?: number | null;
}

interface ListScope {
  /** Only the records whose lookup `field` points at the record `id` (a related list). */
  parent?: { field: string; id: string };
}

/**
 * A page of the records the actor may read, each showing only the fields they may read, lookups expanded on
 * request, through a list view or saved view when one is named (list-view.ts).
 */
export async function listRecords(ctx: RecordContext, objectName: string, request: ListRequest, scope: ListScope = {}): Promise<RecordPage> {
  const object = requireCompiledObject(ctx.model, objectName);
  const { params } = await applyView(ctx, object, request);
  const { access, lookups, rules } = await readAccess(ctx, object, params);
  const plan = planList(ctx.model, object, params, access, { lookups, ctx: rules, parent: scope.parent });
  const expand = params.expand?.length ? planExpand(ctx.model, object, params.expand, access, lookups) : [];
  let rows: Array<Record<string, unknown>>;
  try {
    rows = await query(ctx.knex, plan.sql, plan.bindings, { isoTimestamps: true, prepareAt: ctx.model.version });
  } catch (err) {
    const translated = translatePgError(err);
    // Filter values are checked before they reach SQL, so a value PostgreSQL cannot read came from an edited cursor.
    if (params.cursor !== undefined && isAppError(translated) && translated.code === 'validation_failed') throw new AppError('invalid_cursor', 'The cursor is damaged', { cause: err });
    throw translated;
  }
  const more = rows.length > plan.limit;
  const page = more ? rows.slice(0, plan.limit) : rows;
  const last = page[page.length - 1];
  const items = page.map((row) => shapeRecord(object, row, plan.fields, access.fields.readable));
  await expandRecords(ctx.knex, ctx.model, expand, lookups, page, items, rules);
  const result: RecordPage = { items, next_cursor: more && last ? encodeCursor(plan.keys, last) : null };
  if (plan.offset !== undefined) result.next_offset = more ? plan.offset + plan.limit : null;
  return result;
}

/**
 * A related list: the records of `childName` whose lookup (`via`, or the only lookup of the child to
 * this object) points at the record `id` — a record the actor must see (404 otherwise) — with the
 * child's own access applied and every list parameter.
 */
export async function listRelatedRecords(ctx: RecordContext, objectName: string, id: string, childName: string, via: string | undefined, params: ListRequest): Promise<RecordPage> {
  const parent = requireCompiledObject(ctx.model, objectName);
  const child = requireCompiledObject(ctx.model, childName);
  const field = relatedVia(ctx.model, parent, child, via);
  await loadVisibleRow(ctx.knex, ctx, parent, id, await accessTo(ctx, parent));
  return listRecords(ctx, childName, params, { parent: { field, id } });
}
