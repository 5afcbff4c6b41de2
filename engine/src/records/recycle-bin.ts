import { AppError, isAppError } from '../kernel/index.ts';
import { qualify, query, quoteIdent, translatePgError } from '../db/index.ts';
import { assertCanRead, recordSource } from '../query/index.ts';
import type { CompiledModel } from '../contracts/index.ts';
import { loadVisibleRow } from './get-record.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { accessTo } from './record-access.ts';
import { shapeRecord } from './shape.ts';
import { decodeKeyset, encodeKeyset, keysetAfter, keysetText, pageLimit } from './keyset-cursor.ts';

export interface BinPage {
  items: Array<Record<string, unknown>>;
  next_cursor: string | null;
}

export const BIN_DEFAULT_LIMIT = 50;
export const BIN_MAX_LIMIT = 200;

/**
 * The records of an object in the recycle bin that the actor may read (their read scope, their field
 * mask), the latest deleted first, each with its `deleted_at`. Keyset-paged.
 */
export async function listRecycleBin(ctx: RecordContext, objectName: string, params: { limit?: number; cursor?: string }): Promise<BinPage> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  assertCanRead(access);
  const limit = pageLimit(params.limit, BIN_DEFAULT_LIMIT, BIN_MAX_LIMIT);
  const after = params.cursor ? decodeKeyset(params.cursor) : undefined;
  const where = [`${quoteIdent('deleted_at')} is not null`];
  const bindings: unknown[] = [];
  if (access.readFilter) {
    where.push(`(${access.readFilter.sql})`);
    bindings.push(...access.readFilter.bindings);
  }
  if (after) {
    where.push(keysetAfter(quoteIdent('deleted_at'), quoteIdent('id')));
    bindings.push(after.at, after.id);
  }
  // Through the record source, so binned records show their formula values too.
  const source = recordSource(ctx.model, object, { ctx: { timeZone: ctx.actor.timeZone ?? 'UTC' } });
  const rows = await query(
    ctx.knex,
    `select *, ${keysetText(quoteIdent('deleted_at'))} as ${quoteIdent('__bin_key')} from ${source.sql}
      where ${where.join(' and ')} order by ${quoteIdent('deleted_at')} desc, ${quoteIdent('id')} desc limit ?`,
    [...source.bindings, ...bindings, limit + 1],
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({ ...shapeRecord(object, row, undefined, access.fields.readable), deleted_at: (row.deleted_at as Date).toISOString() })),
    next_cursor: rows.length > limit && last ? encodeKeyset({ at: String(last.__bin_key), id: String(last.id) }) : null,
  };
}

/** Live records that point at `target` through a lookup: a purge would take their reference away. */
async function liveReferences(ctx: RecordContext, db: Parameters<typeof query>[0], model: CompiledModel, target: string, id: string): Promise<{ object: string; field: string; count: number } | undefined> {
  for (const object of model.objects.values()) {
    for (const field of object.fields) {
      if (field.def.type !== 'lookup' || field.def.target !== target) continue;
      const rows = await query<{ n: number }>(
        db,
        `select count(*)::int as n from ${qualify(model.tenant.schema, object.def.api_name)} where ${quoteIdent(field.def.api_name)} = ? and ${quoteIdent('deleted_at')} is null`,
        [id],
      );
      const count = rows[0]?.n ?? 0;
      if (count > 0) return { object: object.def.api_name, field: field.def.api_name, count };
    }
  }
  return undefined;
}

/**
 * Deletes a record in the recycle bin for good, with its field history: only with modify all on the
 * object (administrators have it) — 403 otherwise, before any row is looked at. A record the actor cannot
 * see is 404; a live one is 409 `record_not_binned` (delete it first); one that live records still point
 * at is 409 `reference_violation`. Binned records pointing at it follow their lookup's on-delete rule.
 */
export async function purgeRecord(ctx: RecordContext, objectName: string, id: string): Promise<void> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  if (!access.permissions.modifyAll) throw new AppError('forbidden', `Purging records of "${objectName}" needs the modify all right`);
  const schema = ctx.model.tenant.schema;
  try {
    await ctx.knex.transaction(async (trx) => {
      let row: Record<string, unknown>;
      try {
        row = await loadVisibleRow(trx, ctx, object, id, access, { lock: true, binned: true });
      } catch (err) {
        if (!isAppError(err) || err.code !== 'record_not_found') throw err;
        await loadVisibleRow(trx, ctx, object, id, access);
        throw new AppError('record_not_binned', `This ${objectName} is not in the recycle bin; delete it before purging it`);
      }
      const referenced = await liveReferences(ctx, trx, ctx.model, objectName, row.id as string);
      if (referenced) {
        throw new AppError('reference_violation', `${referenced.count} live ${referenced.object} record(s) still point at this ${objectName} through "${referenced.field}"`, { extra: { referenced_by: referenced } });
      }
      await trx.raw(`delete from ${qualify(schema, '_field_history')} where object = ? and record_id = ?`, [objectName, row.id as string]);
      await trx.raw(`delete from ${qualify(schema, objectName)} where ${quoteIdent('id')} = ?`, [row.id as string]);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
