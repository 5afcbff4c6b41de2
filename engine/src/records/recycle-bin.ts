import { AppError, isAppError } from '../kernel/index.ts';
import { qualify, query, quoteIdent, translatePgError } from '../db/index.ts';
import { assertCanRead, recordSource } from '../query/index.ts';
import type { CompiledModel } from '../contracts/index.ts';
import { loadVisibleRow } from './get-record.ts';
import { requireCompiledObject, readerRules, type RecordContext } from './record-context.ts';
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
  const source = recordSource(ctx.model, object, { ctx: readerRules(ctx) });
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

/** Live records that point at one of `ids` (records of `target`) through a lookup: a purge would take their reference away. */
async function liveReferences(db: Parameters<typeof query>[0], model: CompiledModel, target: string, ids: string[]): Promise<{ object: string; field: string; count: number } | undefined> {
  for (const object of model.objects.values()) {
    for (const field of object.fields) {
      if (field.def.type !== 'lookup' || field.def.target !== target) continue;
      const rows = await query<{ n: number }>(
        db,
        `select count(*)::int as n from ${qualify(model.tenant.schema, object.def.api_name)} where ${quoteIdent(field.def.api_name)} = any(?::uuid[]) and ${quoteIdent('deleted_at')} is null`,
        [ids],
      );
      const count = rows[0]?.n ?? 0;
      if (count > 0) return { object: object.def.api_name, field: field.def.api_name, count };
    }
  }
  return undefined;
}

const MAX_PURGE_DEPTH = 10;

/**
 * What a purge deletes, by object: the record and the binned records under it through cascade lookups
 * (the database's foreign keys delete them with it), to the depth deletes cascade. They are locked, so
 * one restored meanwhile is either seen live by the check that follows or restored after the purge (404).
 */
async function purgedRecords(db: Parameters<typeof query>[0], model: CompiledModel, object: string, id: string): Promise<Map<string, Set<string>>> {
  const purged = new Map<string, Set<string>>([[object, new Set([id])]]);
  let level: Array<[string, string[]]> = [[object, [id]]];
  for (let depth = 0; level.length > 0 && depth <= MAX_PURGE_DEPTH; depth++) {
    const next: Array<[string, string[]]> = [];
    for (const [target, ids] of level) {
      for (const child of model.objects.values()) {
        for (const field of child.fields) {
          if (field.def.type !== 'lookup' || field.def.target !== target || field.def.on_delete !== 'cascade') continue;
          const rows = await query<{ id: string }>(db, `select ${quoteIdent('id')} from ${qualify(model.tenant.schema, child.def.api_name)} where ${quoteIdent(field.def.api_name)} = any(?::uuid[]) and ${quoteIdent('deleted_at')} is not null for update`, [ids]);
          const seen = purged.get(child.def.api_name) ?? new Set<string>();
          const fresh = rows.map((r) => r.id).filter((r) => !seen.has(r));
          fresh.forEach((r) => seen.add(r));
          purged.set(child.def.api_name, seen);
          if (fresh.length) next.push([child.def.api_name, fresh]);
        }
      }
    }
    level = next;
  }
  return purged;
}

/**
 * Deletes a record in the recycle bin for good, with its field history: only with modify all on the
 * object (administrators have it) — 403 otherwise, before any row is looked at. A record the actor cannot
 * see is 404; a live one is 409 `record_not_binned` (delete it first); one that live records still point
 * at is 409 `reference_violation`, and so is one with binned records under it (deleted with it through
 * cascade lookups) that live records point at. Binned records pointing at it follow their lookup's
 * on-delete rule; the history of those deleted with it goes too.
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
      // Binned records under it through cascade lookups go with it: no live record may point at any of them.
      const purged = await purgedRecords(trx, ctx.model, objectName, row.id as string);
      for (const [object, ids] of purged) {
        const referenced = await liveReferences(trx, ctx.model, object, [...ids]);
        if (referenced) {
          const what = object === objectName ? `this ${objectName}` : `a ${object} in the recycle bin that would be purged with this ${objectName}`;
          throw new AppError('reference_violation', `${referenced.count} live ${referenced.object} record(s) still point at ${what} through "${referenced.field}"`, { extra: { referenced_by: referenced } });
        }
        await trx.raw(`delete from ${qualify(schema, '_field_history')} where object = ? and record_id = any(?::uuid[])`, [object, [...ids]]);
      }
      await trx.raw(`delete from ${qualify(schema, objectName)} where ${quoteIdent('id')} = ?`, [row.id as string]);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
