import type { CompiledModel, CompiledObject } from '../contracts/index.ts';
import { compileCondition, metadataScope, type RuleContext, type SqlFragment } from '../logic/index.ts';

export type { SqlFragment } from '../logic/index.ts';

/**
 * A JSON-logic list filter → an SQL condition over the object's table (unaliased, as planList selects it):
 * the whole rule language, lookups two levels deep, checked first (unknown operators or fields, type
 * mismatches, depth, size) and refused as 400 invalid_filter naming the place in the rule.
 */
export function compileFilter(model: CompiledModel, object: CompiledObject, filter: unknown, ctx?: Partial<RuleContext>): SqlFragment {
  const scope = metadataScope({ metadata: model.metadata, registry: model.registry, object: object.def.api_name, schema: model.tenant.schema });
  return compileCondition(filter, scope, { operators: model.operators, ctx, errorCode: 'invalid_filter' });
}
