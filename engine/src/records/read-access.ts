import type { RuleContext } from '../logic/index.ts';
import type { RecordAccess } from '../access/index.ts';
import type { CompiledObject } from '../contracts/index.ts';
import { expandObjects, filterFieldRefs, lookupObjects, type LookupAccess } from '../query/index.ts';
import { requireCompiledObject, type RecordContext } from './record-context.ts';
import { accessTo } from './record-access.ts';

/** What a read needs to know about the actor beyond their access to the object itself. */
export interface ReadAccess {
  access: RecordAccess;
  /** Their access to every object the filter or expand reaches through lookups. */
  lookups: LookupAccess;
  /** The rule context filters run with: the actor's time zone, so `today` is their today, and the actor as `current_user`. */
  rules: Partial<RuleContext>;
}

/**
 * The actor's access to an object and to each object a filter, a sort or an expand reaches through its lookups
 * (each read once; reused between requests by the access cache). A malformed expand is refused here (400).
 */
export async function readAccess(ctx: RecordContext, object: CompiledObject, params: { filter?: unknown; sort?: string; expand?: string[] }): Promise<ReadAccess> {
  const access = await accessTo(ctx, object);
  const reached = new Set<string>();
  if (params.filter !== undefined) for (const name of lookupObjects(ctx.model, object, filterFieldRefs(params.filter).paths)) reached.add(name);
  if (typeof params.sort === 'string') {
    const paths = params.sort.split(',').map((s) => s.trim().replace(/^[-+]/, '')).filter((s) => s.includes('.'));
    for (const name of lookupObjects(ctx.model, object, paths.slice(0, 5))) reached.add(name);
  }
  if (params.expand?.length) for (const name of expandObjects(ctx.model, object, params.expand)) reached.add(name);
  const lookups = new Map<string, RecordAccess>();
  for (const name of reached) {
    lookups.set(name, name === object.def.api_name ? access : await accessTo(ctx, requireCompiledObject(ctx.model, name)));
  }
  return { access, lookups, rules: { timeZone: ctx.actor.timeZone ?? 'UTC', userId: ctx.actor.userId } };
}
