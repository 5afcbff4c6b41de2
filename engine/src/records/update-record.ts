import { qualify, quoteIdent, translatePgError, type Knex } from '../db/index.ts';
import { shapeRecord } from './shape.ts';
import { validatedPayload } from './blank-required.ts';
import { toColumns } from './to-columns.ts';
import { loadVisibleRow } from './get-record.ts';
import { assertVersion } from './if-match.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { accessTo, requireEditable, requireRight } from './record-access.ts';
import { assertReferences, assertSettable } from './write-guard.ts';

/**
 * PATCH: authorise (edit right, fields the actor may set), validate, then lock the row the actor can see
 * (404 otherwise), refuse it outside their edit scope (403), check its version (If-Match → 412) and the
 * references, write the changed fields and bump the version. Changing owner_id transfers the record.
 */
export async function updateRecord(ctx: RecordContext, objectName: string, id: string, input: unknown, expectedVersion: number | undefined): Promise<Record<string, unknown>> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  requireRight(access, 'canEdit');
  assertSettable(access, object, input);
  const values = validatedPayload(object, input, 'update');
  const schema = ctx.model.tenant.schema;
  try {
    return await ctx.knex.transaction(async (trx) => {
      const current = await loadVisibleRow(trx, ctx, object, id, access, { lock: true });
      requireEditable(current, access);
      assertVersion(expectedVersion, current.version);
      await assertReferences(ctx, trx, object, access, values);
      const columns = toColumns(object, values);
      const sets = Object.keys(columns).map((c) => `${quoteIdent(c)} = ?`);
      sets.push(`${quoteIdent('version')} = ${quoteIdent('version')} + 1`, `${quoteIdent('updated_at')} = now()`, `${quoteIdent('updated_by')} = ?`);
      const result = await trx.raw<{ rows: Array<Record<string, unknown>> }>(`update ${qualify(schema, objectName)} set ${sets.join(', ')} where ${quoteIdent('id')} = ? returning *`, [
        ...(Object.values(columns) as Knex.RawBinding[]),
        ctx.actor.userId,
        current.id as string,
      ]);
      return shapeRecord(object, result.rows[0] as Record<string, unknown>, undefined, access.fields.readable);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
