import { AppError, type FieldError } from '../kernel/index.ts';
import type { Knex } from '../db/index.ts';
import type { LocalizedText } from '../metadata/index.ts';
import { evaluateRule, truthy } from '../logic/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import type { RecordContext } from './record-context.ts';
import { expandLookups, ruleRecord, withFormulas, type RuleEnv } from './rule-data.ts';
import { rulePlanOf } from './rule-plan.ts';

/** The message in the actor's language, else the other one. */
export function messageIn(message: LocalizedText, locale: string): string {
  const first = locale === 'zh-CN' ? message['zh-CN'] : message.en;
  return first ?? message.en ?? message['zh-CN'] ?? '';
}

export interface RuleInput {
  /** The row as it will be written (the current row with the changed columns on update). */
  next: Record<string, unknown>;
  /** The row before the change (update), null on create. */
  prior: Record<string, unknown> | null;
  /** Fields system validation refused: rules that read them wait for a valid value. */
  refused: ReadonlySet<string>;
}

/**
 * Runs the object's active validation rules on the record as it will be and returns one error per rule
 * whose condition holds (a condition describes the error): `{field: rule.field ?? 'record', message,
 * code: rule.api_name}`. Lookups the rules follow are loaded (two levels) and formulas computed in
 * JavaScript; on update `prior` and `changed` see the record before the change. When system validation
 * failed, rules that read a refused field or follow a lookup (whose reference was not checked yet) are
 * left for the next attempt.
 */
export async function validationRuleErrors(ctx: RecordContext, db: Knex | Knex.Transaction, object: CompiledObject, input: RuleInput, env: RuleEnv): Promise<FieldError[]> {
  const plan = rulePlanOf(ctx.model, object);
  const systemFailed = input.refused.size > 0;
  const runnable = plan.rules.filter((r) => !(systemFailed && r.followsLookup) && ![...r.reads].some((name) => input.refused.has(name)));
  if (runnable.length === 0) return [];
  const next = ruleRecord(object, input.next);
  const prior = input.prior ? ruleRecord(object, input.prior) : null;
  if (!systemFailed && plan.lookups.length > 0) {
    const loaded = new Map<string, Record<string, unknown>>();
    await expandLookups(ctx, db, plan.lookups, next, env, loaded);
    if (prior) await expandLookups(ctx, db, plan.lookups, prior, env, loaded);
  }
  withFormulas(ctx.model, object, next, env);
  if (prior) withFormulas(ctx.model, object, prior, env);
  const options = { operators: ctx.model.operators, ctx: { now: env.now, timeZone: env.timeZone, userId: env.userId, prior } };
  const errors: FieldError[] = [];
  for (const { rule } of runnable) {
    if (truthy(evaluateRule(rule.condition, next, options))) errors.push({ field: rule.field ?? 'record', message: messageIn(rule.message, env.locale), code: rule.api_name });
  }
  return errors;
}

/** One 422 with every problem: system validation's first, then the failing rules. */
export function assertValid(object: CompiledObject, errors: FieldError[]): void {
  if (errors.length) throw new AppError('validation_failed', `The ${object.def.api_name} is not valid`, { errors });
}
