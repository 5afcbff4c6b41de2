import { newId } from '../kernel/index.ts';
import { qualify, query, quoteIdent, type Knex } from '../db/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import { loadVisibleRow } from './get-record.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { accessTo } from './record-access.ts';
import { shapeRecord } from './shape.ts';
import { decodeKeyset, encodeKeyset, keysetAfter, keysetText, pageLimit } from './keyset-cursor.ts';

export interface HistoryEntry {
  field: string;
  old_value: unknown;
  new_value: unknown;
  actor: { id: string; name: string } | null;
  at: string;
}

export interface HistoryPage {
  items: HistoryEntry[];
  next_cursor: string | null;
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * Step 7 of the save pipeline: one `_field_history` row per audited field whose value the update
 * changed, in the update's transaction. Values are kept as the API shows them. A create records nothing
 * (created_at / created_by tell it); computed fields (formulas) have no history of their own.
 */
export async function writeFieldHistory(trx: Knex.Transaction, ctx: RecordContext, object: CompiledObject, before: Record<string, unknown>, after: Record<string, unknown>): Promise<void> {
  const audited = object.fields.filter((f) => f.def.audited && !f.type.computed);
  if (audited.length === 0) return;
  const old = shapeRecord(object, before);
  const now = shapeRecord(object, after);
  const rows: unknown[][] = [];
  for (const field of audited) {
    const name = field.def.api_name;
    const from = json(old[name]);
    const to = json(now[name]);
    if (from !== to) rows.push([newId(), object.def.api_name, after.id, name, from, to, ctx.actor.userId]);
  }
  if (rows.length === 0) return;
  await trx.raw(
    `insert into ${qualify(ctx.model.tenant.schema, '_field_history')} (id, object, record_id, field, old_value, new_value, actor_id) values ${rows.map(() => '(?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)').join(', ')}`,
    rows.flat() as Knex.RawBinding[],
  );
}

export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 200;

/**
 * The history of one record, newest first: 404 when the actor cannot see the record (live), and only
 * the entries of fields they may read — the others are left out in SQL, so pages stay full and nothing
 * about a hidden field leaves.
 */
export async function listFieldHistory(ctx: RecordContext, objectName: string, id: string, params: { limit?: number; cursor?: string }): Promise<HistoryPage> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  const limit = pageLimit(params.limit, HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT);
  const after = params.cursor ? decodeKeyset(params.cursor) : undefined;
  const row = await loadVisibleRow(ctx.knex, ctx, object, id, access);
  const readable = object.fields.filter((f) => access.fields.readable.has(f.def.api_name)).map((f) => f.def.api_name);
  const schema = ctx.model.tenant.schema;
  const h = (column: string) => `h.${quoteIdent(column)}`;
  const rows = await query<{ id: string; field: string; old_value: unknown; new_value: unknown; actor_id: string | null; actor_name: string | null; at: Date; key: string }>(
    ctx.knex,
    `select h.id, h.field, h.old_value, h.new_value, h.actor_id, u.name as actor_name, h.at, ${keysetText(h('at'))} as key
       from ${qualify(schema, '_field_history')} h left join ${qualify(schema, '_users')} u on u.id = h.actor_id
      where h.object = ? and h.record_id = ? and h.field = any(?::text[])${after ? ` and ${keysetAfter(h('at'), h('id'))}` : ''}
      order by h.at desc, h.id desc limit ?`,
    [objectName, row.id, readable, ...(after ? [after.at, after.id] : []), limit + 1],
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      field: r.field,
      old_value: r.old_value,
      new_value: r.new_value,
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
      at: new Date(r.at).toISOString(),
    })),
    next_cursor: rows.length > limit && last ? encodeKeyset({ at: last.key, id: last.id }) : null,
  };
}
