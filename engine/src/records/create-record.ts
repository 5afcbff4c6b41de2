import { newId } from '../kernel/index.ts';
import { qualify, query, quoteIdent, translatePgError, type Knex } from '../db/index.ts';
import { formulaSelect, type SqlFragment } from '../query/index.ts';
import { shapeRecord } from './shape.ts';
import { checkPayload } from './blank-required.ts';
import { toColumns } from './to-columns.ts';
import { nextNumber } from './autonumber-counter.ts';
import { requireCompiledObject, readerRules, type RecordContext } from './record-context.ts';
import { accessTo, requireRight } from './record-access.ts';
import { assertReferences, assertSettable } from './write-guard.ts';
import { rulePlanOf } from './rule-plan.ts';
import { ruleEnvOf } from './rule-data.ts';
import { withDefaultRules } from './default-rules.ts';
import { assertValid, validationRuleErrors } from './validation-rules.ts';
import { createNeedsTransaction, inSaveTransaction } from './save-transaction.ts';
import { feedsRollups, refreshRollups, rollupStartColumns } from './rollups.ts';

/** The insert, returning the row with its formula values (`returning *, (<formula>) as "<field>"…`). */
function insertSql(schema: string, table: string, columns: Record<string, unknown>, formulas: SqlFragment): { sql: string; bindings: unknown[] } {
  const names = Object.keys(columns);
  return {
    sql: `insert into ${qualify(schema, table)} (${names.map(quoteIdent).join(', ')}) values (${names.map(() => '?').join(', ')}) returning *${formulas.sql}`,
    bindings: [...Object.values(columns), ...formulas.bindings],
  };
}

/**
 * The save pipeline for a new record: authorise (create right, fields the actor may set), JSON-logic
 * defaults, system validation, references (lookups to records the actor can see, an active owner),
 * literal defaults, validation rules (every error in one 422), generated values, insert — one
 * transaction when more than the row is written. The answer shows only the fields the actor may read.
 */
export async function createRecord(ctx: RecordContext, objectName: string, input: unknown): Promise<Record<string, unknown>> {
  const object = requireCompiledObject(ctx.model, objectName);
  const access = await accessTo(ctx, object);
  requireRight(access, 'canCreate');
  assertSettable(access, object, input);
  const plan = rulePlanOf(ctx.model, object);
  const env = plan.any ? await ruleEnvOf(ctx, ctx.knex) : undefined;
  const { values: payload, errors } = checkPayload(object, env ? withDefaultRules(ctx, object, input, env) : input, 'create');
  const values: Record<string, unknown> = { ...payload };
  for (const field of object.fields) {
    if (values[field.def.api_name] === undefined && field.def.default !== undefined && !field.type.generated) values[field.def.api_name] = field.def.default;
  }
  const now = new Date();
  const columns: Record<string, unknown> = {
    id: newId(),
    created_by: ctx.actor.userId,
    updated_by: ctx.actor.userId,
    owner_id: ctx.actor.userId,
    ...toColumns(object, values),
    ...rollupStartColumns(object),
  };
  const generated = object.fields.filter((f) => f.type.generated && f.type.generate);
  const schema = ctx.model.tenant.schema;
  try {
    return await inSaveTransaction(ctx, createNeedsTransaction(object) || feedsRollups(ctx.model, objectName), async (db) => {
      if (errors.length === 0) await assertReferences(ctx, db, object, access, payload);
      if (env && plan.rules.length > 0) {
        const next = { ...columns, created_at: now, updated_at: now, version: 1 };
        errors.push(...(await validationRuleErrors(ctx, db, object, { next, prior: null, refused: new Set(errors.map((e) => e.field)) }, env)));
      }
      assertValid(object, errors);
      for (const field of generated) {
        // createNeedsTransaction: an object with generated fields always saves in a transaction.
        Object.assign(columns, await field.type.generate?.(field.def, { now, next: (period) => nextNumber(db as Knex.Transaction, schema, objectName, field.def.api_name, period) }));
      }
      const { sql, bindings } = insertSql(schema, objectName, columns, formulaSelect(ctx.model, object, { ctx: readerRules(ctx) }));
      const row = (await query(db, sql, bindings))[0] as Record<string, unknown>;
      await refreshRollups(db, ctx.model, objectName, { ids: [row.id as string] });
      return shapeRecord(object, row, undefined, access.fields.readable);
    });
  } catch (err) {
    throw translatePgError(err);
  }
}
