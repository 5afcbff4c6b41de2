import { AppError } from '../kernel/index.ts';
import { qualify, quoteIdent, translatePgError, type Knex } from '../db/index.ts';
import type { CompiledModel } from '../contracts/index.ts';
import { loadRow, assertRecordId } from './get-record.ts';
import { assertVersion } from './if-match.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { shapeRecord } from './shape.ts';

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
      await trx.raw(`update ${child} set ${quoteIdent(ref.column)} = null, ${quoteIdent('version')} = ${quoteIdent('version')} + 1, ${quoteIdent('updated_at')} = now(), ${quoteIdent('updated_by')} = ? where ${live}`, [ctx.actor.userId, ids]);
    } else {
      const children = await trx.raw<{ rows: Array<{ id: string }> }>(`select ${quoteIdent('id')} from ${child} where ${live} for update`, [ids]);
      await binRows(trx, ctx, ref.object, children.rows.map((r) => r.id), depth + 1);
    }
  }
  await trx.raw(
    `update ${qualify(schema, table)} set ${quoteIdent('deleted_at')} = now(), ${quoteIdent('version')} = ${quoteIdent('version')} + 1, ${quoteIdent('updated_by')} = ? where ${quoteIdent('id')} = any(?::uuid[]) and ${quoteIdent('deleted_at')} is null`,
    [ctx.actor.userId, ids],
  );
}

export async function deleteRecord(ctx: RecordContext, objectName: string, id: string, expectedVersion: number | undefined): Promise<void> {
  requireCompiledObject(ctx.model, objectName);
  try {
    await ctx.knex.transaction(async (trx) => {
      const row = await loadRow(trx, ctx.model.tenant.schema, objectName, id, true);
      assertVersion(expectedVersion, row.version);
      await binRows(trx, ctx, objectName, [id], 0);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}

/** Takes a record back out of the recycle bin. */
export async function restoreRecord(ctx: RecordContext, objectName: string, id: string): Promise<Record<string, unknown>> {
  const object = requireCompiledObject(ctx.model, objectName);
  assertRecordId(id);
  const result = await ctx.knex.raw<{ rows: Array<Record<string, unknown>> }>(
    `update ${qualify(ctx.model.tenant.schema, objectName)} set ${quoteIdent('deleted_at')} = null, ${quoteIdent('version')} = ${quoteIdent('version')} + 1, ${quoteIdent('updated_at')} = now(), ${quoteIdent('updated_by')} = ?
     where ${quoteIdent('id')} = ? and ${quoteIdent('deleted_at')} is not null returning *`,
    [ctx.actor.userId, id],
  );
  const row = result.rows[0];
  if (!row) throw new AppError('record_not_found', `There is no ${objectName} with this id in the recycle bin`);
  return shapeRecord(object, row);
}
