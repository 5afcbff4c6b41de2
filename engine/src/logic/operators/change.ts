import type { Operator, TypeCall } from '../operator.ts';
import type { LogicType } from '../types.ts';
import { getPath, jsonEqual } from '../js-values.ts';
import { forbiddenSegment } from '../limits.ts';

/**
 * Update-time operations: the value a field had before this change, and whether the change
 * altered it. They read the rule context's prior record, which exists only while a record is saved.
 */

const REASON = 'it reads the record as it was before the change being saved, which exists only in the save pipeline, not in a query';

function fieldType(call: TypeCall): LogicType {
  const path = call.args[0];
  if (typeof path !== 'string') {
    call.error('the field is a name written out, such as "stage"', 0, 'invalid_argument');
    return 'any';
  }
  if (forbiddenSegment(path) !== undefined) {
    call.error(`"${forbiddenSegment(path)}" cannot be part of a path`, 0, 'forbidden_path');
    return 'any';
  }
  const resolved = call.scope.resolveVar(path);
  if (!resolved) call.error(`there is no field "${path}"`, 0, 'unknown_field');
  return resolved?.type ?? 'any';
}

export const changeOperators: Operator[] = [
  {
    name: 'prior',
    summary: 'the value of a field before this change (null when the record is being created)',
    arity: { min: 1, max: 1 },
    js: ([path], env) => (env.ctx.prior ? getPath(env.ctx.prior, path) : null),
    type: fieldType,
    sql: { jsOnly: REASON },
  },
  {
    name: 'changed',
    summary: 'true when this update changes the field (false when the record is being created)',
    arity: { min: 1, max: 1 },
    js: ([path], env) => (env.ctx.prior ? !jsonEqual(getPath(env.ctx.prior, path), getPath(env.data, path)) : false),
    type: (call) => {
      fieldType(call);
      return 'boolean';
    },
    sql: { jsOnly: REASON },
  },
];
