import { AppError } from '../kernel/index.ts';
import { qualify, quoteIdent, translatePgError, type Knex } from '../db/index.ts';
import type { CompiledModel } from '../contracts/index.ts';
import { formulaSelect } from '../query/index.ts';
import { loadVisibleRow } from './get-record.ts';
import { assertVersion } from './if-match.ts';
import { requireCompiledObject, readerRules, type RecordContext } from './record-context.ts';
import { shapeRecord } from './shape.ts';
import { accessTo, requireEditable, requireRight } from './record-access.ts';
import { refreshRollups } from './rollups.ts';

interface Reference {
  object: string;
  field: string;
  column: string;
  onDelete: 'restrict' | 'set_null' | 'cascade';
}

/** Active lookup fields that point at `target`. */
function referencesTo(model: CompiledModel, target: string): Reference[] {
  const refs: Reference[] = [];
  for (const object of model.objects.values()) {
    for (const field of object.fields) {
      if (field.def.type === 'lookup' && field.def.target === target) {
        refs.push({ object: object.def.api_name, field: field.def.api_name, column: field.def.api_name, onDelete: field.def.on_delete ?? 'restrict' });
      }
    }
  }
  return refs;
}

const MAX_CASCADE_DEPTH = 10;

/**
 * Moving records to the recycle bin applies each lookup's on-delete rule as a hard delete would:
 * restrict refuses while live records point here, set_null clears the lookup, cascade bins the children.
 */
async function binRows(trx: Knex.Transaction, ctx: RecordContext, table: string, ids: string[], depth: number): Promise<void> {
  if (ids.length === 0) return;
  if (depth > MAX_CASCADE_DEPTH) throw new AppError('reference_violation', 'Cascading deletes are nested too deeply');
  const schema = ctx.model.tenant.schema;
  for (const ref of referencesTo(ctx.model, table)) {
    const child = qualify(schema, ref.object);
    const live = `${quoteIdent(ref.column)} = any(?::uuid[]) and ${quoteIdent('deleted_at')} is null`;
    if (ref.onDelete === 'restrict') {
      const count = await trx.raw<{ rows: Array<{ n: number }> }>(`select count(*)::int as n from ${child} where ${live}`, [ids]);
      const n = count.rows[0]?.n ?? 0;
      if (n > 0) {
        throw new AppError('reference_violation', `${n} ${ref.object} record(s) still point at this ${table} through "${ref.field}"; delete or re-point them first`, {
          extra: { referenced_by: { object: ref.object, field: ref.field, count: n } },
        });
      }
    } else if (ref.onDelete === 'set_null') {
      const cleared = await trx.raw<{ rows: Array<{ id: string }> }>(
        `update ${child} set ${quoteIdent(ref.column)} = null, ${quoteIdent('version')} = ${quoteIdent('version')} + 1, ${quoteIdent('updated_at')} = now(), ${quoteIdent('updated_by')} = ? where ${live} returning ${quoteIdent('id')}`,
        [ctx.actor.userId, ids],
      );
      await refreshRollups(trx, ctx.model, ref.object, { ids: cleared.rows.map((r) => r.id), previous: ids.map((id) => ({ [ref.column]: id })), changed: [ref.field] });
    } else {
      const children = await trx.raw<{ rows: Array<{ id: string }> }>(`select ${quoteIdent('id')} from ${child} where ${live} for update`, [ids]);
      await binRows(trx, ctx, ref.object, children.rows.map((r) => r.id), depth + 1);
    }
  }
  await trx.raw(
    `update ${qualify(schema, table)} set ${quoteIdent('deleted_at')} = now(), ${quoteIdent('version')} = ${quoteIdent('version')} + 1, ${quoteIdent('updated_by')} = ? where ${quoteIdent('id')} = any(?::uuid[]) and ${quoteIdent('deleted_at')} is null`,
    [ctx.actor.userId, ids],
  );
  await refreshRollups(trx, ctx.model, table, { ids });
}

/**
 * Moves a record to the recycle bin: the delete right (403), a record the actor can see (404) inside
 * their edit scope (403), its version (412). Records binned by a cascade go with it.
 */
export async function deleteRecord(ctx: RecordContext, objectName: string, id: string, expectedVersion: number | undefined): Promise<void> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  requireRight(access, 'canDelete');
  try {
    await ctx.knex.transaction(async (trx) => {
      const row = await loadVisibleRow(trx, ctx, object, id, access, { lock: true });
      requireEditable(row, access, 'delete');
      assertVersion(expectedVersion, row.version);
      // Roll-ups on parents are maintained by binRows, for each object a cascade reaches.
      await binRows(trx, ctx, objectName, [row.id as string], 0);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}

/** Takes a record back out of the recycle bin: the same rights as deleting it. */
export async function restoreRecord(ctx: RecordContext, objectName: string, id: string): Promise<Record<string, unknown>> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  requireRight(access, 'canDelete');
  try {
    return await ctx.knex.transaction(async (trx) => {
      const row = await loadVisibleRow(trx, ctx, object, id, access, { lock: true, binned: true });
      requireEditable(row, access, 'restore');
      const formulas = formulaSelect(ctx.model, object, { ctx: readerRules(ctx) });
      const result = await trx.raw<{ rows: Array<Record<string, unknown>> }>(
        `update ${qualify(ctx.model.tenant.schema, objectName)} set ${quoteIdent('deleted_at')} = null, ${quoteIdent('version')} = ${quoteIdent('version')} + 1, ${quoteIdent('updated_at')} = now(), ${quoteIdent('updated_by')} = ?
         where ${quoteIdent('id')} = ? returning *${formulas.sql}`,
        [ctx.actor.userId, row.id as string, ...(formulas.bindings as Knex.RawBinding[])],
      );
      await refreshRollups(trx, ctx.model, objectName, { ids: [row.id as string] });
      return shapeRecord(object, result.rows[0] as Record<string, unknown>, undefined, access.fields.readable);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
