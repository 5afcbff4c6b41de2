import { evaluateRule } from '../logic/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import type { RecordContext } from './record-context.ts';
import type { RuleEnv } from './rule-data.ts';
import { rulePlanOf } from './rule-plan.ts';

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Step 3 of the save pipeline at create: each field with a `default_rule` that the input leaves absent
 * gets the rule's value, evaluated in the actor's time zone over the input as given (every field present,
 * literal defaults applied, `owner_id` the actor unless given). A rule giving null leaves the field empty.
 * Defaults do not see each other, and do not follow lookups (refused when the rule is saved). The values
 * then go through system validation like typed-in ones.
 */
export function withDefaultRules(ctx: RecordContext, object: CompiledObject, input: unknown, env: RuleEnv): unknown {
  const { defaults } = rulePlanOf(ctx.model, object);
  if (defaults.length === 0 || !isPlainObject(input)) return input;
  const absent = defaults.filter(({ field }) => input[field.def.api_name] === undefined);
  if (absent.length === 0) return input;
  const data: Record<string, unknown> = { id: null, owner_id: input.owner_id ?? ctx.actor.userId };
  for (const field of object.fields) data[field.def.api_name] = input[field.def.api_name] ?? field.def.default ?? null;
  const filled: Record<string, unknown> = { ...input };
  const options = { operators: ctx.model.operators, ctx: { now: env.now, timeZone: env.timeZone, userId: env.userId } };
  for (const { field, rule } of absent) {
    const value = evaluateRule(rule, data, options);
    if (value !== null && value !== undefined) filled[field.def.api_name] = value;
  }
  return filled;
}
