import { AppError } from '../kernel/index.ts';
import { qualify, quoteIdent, translatePgError, type Knex } from '../db/index.ts';
import { shapeRecord } from './shape.ts';
import { blankRequired } from './blank-required.ts';
import { toColumns } from './to-columns.ts';
import { loadRow } from './get-record.ts';
import { assertVersion } from './if-match.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';

/** PATCH: lock the row, check its version (If-Match), validate, write the changed fields and bump the version. */
export async function updateRecord(ctx: RecordContext, objectName: string, id: string, input: unknown, expectedVersion: number | undefined): Promise<Record<string, unknown>> {
  const object = requireCompiledObject(ctx.model, objectName);
  const checked = object.checkUpdate(input);
  const blank = blankRequired(object, input, checked.ok ? [] : checked.errors);
  if (!checked.ok || blank.length) throw new AppError('validation_failed', `The ${objectName} is not valid`, { errors: [...(checked.ok ? [] : checked.errors), ...blank] });
  const schema = ctx.model.tenant.schema;
  try {
    return await ctx.knex.transaction(async (trx) => {
      const current = await loadRow(trx, schema, objectName, id, true);
      assertVersion(expectedVersion, current.version);
      const columns = toColumns(object, checked.value);
      const sets = Object.keys(columns).map((c) => `${quoteIdent(c)} = ?`);
      sets.push(`${quoteIdent('version')} = ${quoteIdent('version')} + 1`, `${quoteIdent('updated_at')} = now()`, `${quoteIdent('updated_by')} = ?`);
      const result = await trx.raw<{ rows: Array<Record<string, unknown>> }>(`update ${qualify(schema, objectName)} set ${sets.join(', ')} where ${quoteIdent('id')} = ? returning *`, [
        ...(Object.values(columns) as Knex.RawBinding[]),
        ctx.actor.userId,
        id,
      ]);
      return shapeRecord(object, result.rows[0] as Record<string, unknown>);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
