import type { Operator } from './operator.ts';
import { createOperatorRegistry, type OperatorRegistry } from './operator-registry.ts';
import { equalityOperators } from './operators/equality.ts';
import { relationalOperators } from './operators/relational.ts';
import { logicalOperators } from './operators/logical.ts';
import { arithmeticOperators } from './operators/arithmetic.ts';
import { stringOperators } from './operators/strings.ts';
import { dataOperators } from './operators/data.ts';
import { arrayOperators } from './operators/arrays.ts';
import { dateOperators } from './operators/dates.ts';
import { textOperators } from './operators/text.ts';
import { changeOperators } from './operators/change.ts';
import { contextOperators } from './operators/context.ts';

/** Every JsonLogic core operation (no `log`, no `method`) and the CRM operations. */
export const builtinOperators: readonly Operator[] = [
  ...equalityOperators,
  ...relationalOperators,
  ...logicalOperators,
  ...arithmeticOperators,
  ...stringOperators,
  ...dataOperators,
  ...arrayOperators,
  ...dateOperators,
  ...textOperators,
  ...changeOperators,
  ...contextOperators,
];

/** A new registry with the built-in operators; plugins register theirs into it. */
export function createBuiltinOperators(): OperatorRegistry {
  return createOperatorRegistry(builtinOperators);
}
