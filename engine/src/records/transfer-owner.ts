import { AppError, isUuid, type FieldError } from '../kernel/index.ts';
import { qualify, quoteIdent, translatePgError } from '../db/index.ts';
import { CAN_EDIT, assertCanRead, formulaSelect } from '../query/index.ts';
import { shapeRecord } from './shape.ts';
import { requireCompiledObject, readerRules, type RecordContext } from './record-context.ts';
import { accessTo, requireRight } from './record-access.ts';
import { assertSettable, ownerErrors } from './write-guard.ts';
import { refreshRollups } from './rollups.ts';

export const MAX_TRANSFER = 500;

interface TransferInput {
  ids: string[];
  owner_id: string;
}

function parseTransfer(body: unknown): TransferInput {
  const errors: FieldError[] = [];
  const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  for (const key of Object.keys(input)) if (key !== 'ids' && key !== 'owner_id') errors.push({ field: key, message: 'is not a property of a transfer' });
  const ids = input.ids;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_TRANSFER) errors.push({ field: 'ids', message: `must be a list of 1 to ${MAX_TRANSFER} record ids` });
  else {
    ids.forEach((id, index) => {
      if (typeof id !== 'string' || !isUuid(id)) errors.push({ field: `ids.${index}`, message: 'must be a record id (uuid)' });
    });
  }
  if (typeof input.owner_id !== 'string' || !isUuid(input.owner_id)) errors.push({ field: 'owner_id', message: 'must be the id (uuid) of an active user' });
  if (errors.length) throw new AppError('validation_failed', 'The transfer is not valid', { errors });
  return { ids: (ids as string[]).map((id) => id.toLowerCase()), owner_id: (input.owner_id as string).toLowerCase() };
}

/**
 * POST /api/records/:object/transfer {ids, owner_id}: gives records a new owner, all or nothing. The
 * actor needs the edit right and may set owner_id; every record must be one they can see (404 naming
 * `ids.<n>` otherwise) and inside their edit scope (403 naming it); the new owner is an active user (422).
 */
export async function transferRecords(ctx: RecordContext, objectName: string, body: unknown): Promise<{ items: Array<Record<string, unknown>> }> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  assertCanRead(access);
  requireRight(access, 'canEdit');
  assertSettable(access, object, { owner_id: null });
  const input = parseTransfer(body);
  const ids = [...new Set(input.ids)];
  const schema = ctx.model.tenant.schema;
  const table = qualify(schema, objectName);
  try {
    return await ctx.knex.transaction(async (trx) => {
      const read = access.readFilter;
      const edit = access.editFilter;
      const found = await trx.raw<{ rows: Array<{ id: string; [CAN_EDIT]: boolean }> }>(
        `select ${quoteIdent('id')}, ${edit ? `(${edit.sql})` : 'true'} as ${quoteIdent(CAN_EDIT)} from ${table}
         where ${quoteIdent('id')} = any(?::uuid[]) and ${quoteIdent('deleted_at')} is null${read ? ` and (${read.sql})` : ''} order by ${quoteIdent('id')} for update`,
        [...(edit?.bindings ?? []), ids, ...(read?.bindings ?? [])] as never[],
      );
      const byId = new Map(found.rows.map((r) => [r.id, r[CAN_EDIT]]));
      const indexOf = (id: string) => input.ids.indexOf(id);
      const missing = ids.filter((id) => !byId.has(id));
      if (missing.length) {
        throw new AppError('record_not_found', `${missing.length} of the records are not ${objectName} records you can see; nothing was transferred`, {
          errors: missing.map((id) => ({ field: `ids.${indexOf(id)}`, message: 'is not a record you can see' })),
        });
      }
      const locked = ids.filter((id) => byId.get(id) !== true);
      if (locked.length) {
        throw new AppError('forbidden', `You may see but not edit ${locked.length} of the records; nothing was transferred`, {
          errors: locked.map((id) => ({ field: `ids.${indexOf(id)}`, message: 'is a record you may not edit' })),
        });
      }
      const owner = await ownerErrors(ctx, trx, access, input.owner_id);
      if (owner.length) throw new AppError('validation_failed', 'The transfer is not valid', { errors: owner });
      const formulas = formulaSelect(ctx.model, object, { ctx: readerRules(ctx) });
      const updated = await trx.raw<{ rows: Array<Record<string, unknown>> }>(
        `update ${table} set ${quoteIdent('owner_id')} = ?, ${quoteIdent('version')} = ${quoteIdent('version')} + 1, ${quoteIdent('updated_at')} = now(), ${quoteIdent('updated_by')} = ?
         where ${quoteIdent('id')} = any(?::uuid[]) returning *${formulas.sql}`,
        [input.owner_id, ctx.actor.userId, ids, ...formulas.bindings] as never[],
      );
      // Only roll-ups whose filter reads the owner (or the version, time or author of a change) are recomputed.
      await refreshRollups(trx, ctx.model, objectName, { ids, changed: ['owner_id'] });
      const rows = new Map(updated.rows.map((r) => [r.id as string, r]));
      return { items: ids.map((id) => shapeRecord(object, rows.get(id) as Record<string, unknown>, undefined, access.fields.readable)) };
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
