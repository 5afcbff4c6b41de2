import { qualify, query, type Knex } from '../db/index.ts';
import { formulaValues, type CompiledModel, type CompiledObject } from '../contracts/index.ts';
import { shapeRecord } from './shape.ts';
import type { RecordContext } from './record-context.ts';
import type { LookupNeed } from './rule-plan.ts';

/** What rules run with besides the record: the clock, the actor's time zone and language. */
export interface RuleEnv {
  now: Date;
  timeZone: string;
  locale: string;
  /** The user saving (`current_user`). */
  userId: string;
}

/**
 * The actor's time zone and locale: carried by their credential, else read from their user row (an
 * actor built by a package install or a test). Rules of one save all see the same `now`.
 */
export async function ruleEnvOf(ctx: RecordContext, db: Knex | Knex.Transaction): Promise<RuleEnv> {
  let { timeZone, locale } = ctx.actor;
  if (timeZone === undefined || locale === undefined) {
    const row = (await query<{ locale: string; time_zone: string }>(db, `select locale, time_zone from ${qualify(ctx.model.tenant.schema, '_users')} where id = ?`, [ctx.actor.userId]))[0];
    timeZone ??= row?.time_zone;
    locale ??= row?.locale;
  }
  return { now: new Date(), timeZone: timeZone ?? 'UTC', locale: locale ?? 'en', userId: ctx.actor.userId };
}

/**
 * A row (or the columns about to be written) → the record as rules read it: the API's shape with every
 * field present, null when empty, no field mask (rules are the administrator's and run with system
 * rights; only their verdict and message reach the actor). Formulas come after lookups are expanded
 * (`withFormulas`).
 */
export function ruleRecord(object: CompiledObject, row: Record<string, unknown>): Record<string, unknown> {
  const record = shapeRecord(object, row);
  for (const key of Object.keys(record)) if (record[key] === undefined) record[key] = null;
  return record;
}

/**
 * Formula fields computed over the record as it will be — the value the query stage will select after
 * the write (`formulaValues`, contracts/: the same meaning in both backends, formulas reading formulas).
 */
export function withFormulas(model: CompiledModel, object: CompiledObject, record: Record<string, unknown>, env: RuleEnv): Record<string, unknown> {
  return Object.assign(record, formulaValues(object, record, { operators: model.operators, ctx: { now: env.now, timeZone: env.timeZone, userId: env.userId } }));
}

/**
 * Puts in place of each lookup id the rules follow the record it points at (as `ruleRecord` shapes it,
 * with its formulas; binned or not), two levels deep, so `contract.amount` and `contract.account.name` read as paths do.
 * An id with no record becomes `{id}`. `loaded` shares records between the new and the prior record.
 */
export async function expandLookups(
  ctx: RecordContext,
  db: Knex | Knex.Transaction,
  needs: LookupNeed[],
  record: Record<string, unknown>,
  env: RuleEnv,
  loaded = new Map<string, Record<string, unknown>>(),
): Promise<void> {
  for (const need of needs) {
    const id = record[need.field];
    if (typeof id !== 'string') continue;
    if (need.idOnly) {
      record[need.field] = { id };
      continue;
    }
    const key = `${need.target.def.api_name}:${id}`;
    let target = loaded.get(key);
    if (!target) {
      const row = (await query(db, `select * from ${qualify(ctx.model.tenant.schema, need.target.def.api_name)} where id = ?`, [id]))[0];
      target = row ? ruleRecord(need.target, row) : { id };
      if (row) {
        await expandLookups(ctx, db, need.nested, target, env, loaded);
        withFormulas(ctx.model, need.target, target, env);
      }
      loaded.set(key, target);
    }
    record[need.field] = target;
  }
}
