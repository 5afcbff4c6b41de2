import type { Actor } from '../kernel/index.ts';
import type { RuleContext } from '../logic/index.ts';
import type { AccessReuse } from '../access/index.ts';
import type { Knex } from '../db/index.ts';
import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import { AppError } from '../kernel/index.ts';

/** What every record operation is given explicitly: the database, the compiled model and who acts. */
export interface RecordContext {
  knex: Knex;
  model: CompiledModel;
  actor: Actor;
  /** Computed access kept between requests, and the access version this request's credential saw. */
  accessReuse?: AccessReuse;
}

export function requireCompiledObject(model: CompiledModel, name: string): CompiledObject {
  const object = model.objects.get(name);
  if (!object) throw new AppError('object_not_found', `There is no object "${name}"`);
  return object;
}

/** The rule context reads run formulas and filters with: the actor's time zone (`today`) and the actor (`current_user`). */
export function readerRules(ctx: RecordContext): Partial<RuleContext> {
  return { timeZone: ctx.actor.timeZone ?? 'UTC', userId: ctx.actor.userId };
}
