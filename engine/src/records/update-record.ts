import { qualify, quoteIdent, translatePgError, type Knex } from '../db/index.ts';
import { formulaSelect } from '../query/index.ts';
import { shapeRecord } from './shape.ts';
import { checkPayload } from './blank-required.ts';
import { toColumns } from './to-columns.ts';
import { loadVisibleRow } from './get-record.ts';
import { assertVersion } from './if-match.ts';
import { requireCompiledObject, readerRules, type RecordContext } from './record-context.ts';
import { accessTo, requireEditable, requireRight } from './record-access.ts';
import { assertReferences, assertSettable } from './write-guard.ts';
import { rulePlanOf } from './rule-plan.ts';
import { ruleEnvOf } from './rule-data.ts';
import { assertValid, validationRuleErrors } from './validation-rules.ts';
import { writeFieldHistory } from './field-history.ts';
import { refreshRollups } from './rollups.ts';

/**
 * PATCH, in one transaction: authorise (edit right, fields the actor may set), system validation, then
 * lock the row the actor can see (404 otherwise), refuse it outside their edit scope (403), check its
 * version (If-Match → 412) and the references, run the validation rules on the record as it will be
 * (every error in one 422 with system validation's), write the changed fields, bump the version and
 * record the history of audited fields. Changing owner_id transfers the record.
 */
export async function updateRecord(ctx: RecordContext, objectName: string, id: string, input: unknown, expectedVersion: number | undefined): Promise<Record<string, unknown>> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  requireRight(access, 'canEdit');
  assertSettable(access, object, input);
  const { values, errors } = checkPayload(object, input, 'update');
  const plan = rulePlanOf(ctx.model, object);
  const schema = ctx.model.tenant.schema;
  try {
    return await ctx.knex.transaction(async (trx) => {
      let current: Record<string, unknown>;
      try {
        current = await loadVisibleRow(trx, ctx, object, id, access, { lock: true });
        requireEditable(current, access);
        assertVersion(expectedVersion, current.version);
      } catch (err) {
        // An invalid payload is answered first, as before the row is looked at; nothing about the row leaks.
        assertValid(object, errors);
        throw err;
      }
      if (errors.length === 0) await assertReferences(ctx, trx, object, access, values);
      const columns = toColumns(object, values);
      if (plan.rules.length > 0) {
        const env = await ruleEnvOf(ctx, trx);
        errors.push(...(await validationRuleErrors(ctx, trx, object, { next: { ...current, ...columns }, prior: current, refused: new Set(errors.map((e) => e.field)) }, env)));
      }
      assertValid(object, errors);
      const sets = Object.keys(columns).map((c) => `${quoteIdent(c)} = ?`);
      sets.push(`${quoteIdent('version')} = ${quoteIdent('version')} + 1`, `${quoteIdent('updated_at')} = now()`, `${quoteIdent('updated_by')} = ?`);
      // The answer carries the formula values of the row as written.
      const formulas = formulaSelect(ctx.model, object, { ctx: readerRules(ctx) });
      const result = await trx.raw<{ rows: Array<Record<string, unknown>> }>(`update ${qualify(schema, objectName)} set ${sets.join(', ')} where ${quoteIdent('id')} = ? returning *${formulas.sql}`, [
        ...(Object.values(columns) as Knex.RawBinding[]),
        ctx.actor.userId,
        current.id as string,
        ...(formulas.bindings as Knex.RawBinding[]),
      ]);
      const row = result.rows[0] as Record<string, unknown>;
      await writeFieldHistory(trx, ctx, object, current, row);
      await refreshRollups(trx, ctx.model, objectName, { ids: [row.id as string], previous: [current], changed: Object.keys(values) });
      return shapeRecord(object, row, undefined, access.fields.readable);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
