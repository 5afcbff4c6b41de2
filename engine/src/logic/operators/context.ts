import type { Operator } from '../operator.ts';
import { expr } from '../sql/convert.ts';

/**
 * Who runs the rule: the current user's id, from the rule context ("my open leads": owner_id equals
 * current_user). Null where no user runs it (a package install, a scheduled job).
 */
export const contextOperators: Operator[] = [
  {
    name: 'current_user',
    summary: 'the id of the user the rule runs for (null when none)',
    arity: { min: 0, max: 0 },
    js: (_args, env) => env.ctx.userId ?? null,
    type: () => 'string',
    sql: { value: (call) => (call.ctx.userId ? expr('?::uuid', [call.ctx.userId], 'uuid') : expr('null::uuid', [], 'uuid', true)) },
  },
];
