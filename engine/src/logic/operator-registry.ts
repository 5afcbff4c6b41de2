import type { Operator } from './operator.ts';

/** The allowlist: only registered operations exist for the evaluator, the checker and the compiler. */
export interface OperatorRegistry {
  get(name: string): Operator | undefined;
  list(): Operator[];
  register(operator: Operator): void;
}

export function createOperatorRegistry(operators: readonly Operator[] = []): OperatorRegistry {
  const byName = new Map<string, Operator>();
  const registry: OperatorRegistry = {
    // Map lookups never reach Object.prototype, so "constructor" or "__proto__" are simply unknown.
    get: (name) => byName.get(name),
    list: () => [...byName.values()],
    register(operator) {
      if (byName.has(operator.name)) throw new Error(`rule operator ${operator.name} is already registered`);
      byName.set(operator.name, operator);
    },
  };
  for (const operator of operators) registry.register(operator);
  return registry;
}
