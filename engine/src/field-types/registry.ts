import { AppError } from '../kernel/index.ts';
import type { FieldType } from './field-type.ts';

export interface FieldTypeRegistry {
  get(name: string): FieldType | undefined;
  /** Like get, but an unknown type is an `unknown_field_type` error. */
  require(name: string): FieldType;
  list(): FieldType[];
  register(type: FieldType): void;
}

export function createFieldTypeRegistry(types: FieldType[] = []): FieldTypeRegistry {
  const byName = new Map<string, FieldType>();
  const registry: FieldTypeRegistry = {
    get: (name) => byName.get(name),
    require(name) {
      const type = byName.get(name);
      if (!type) throw new AppError('unknown_field_type', `There is no field type "${name}"`, { errors: [{ field: 'type', message: `unknown field type; known: ${[...byName.keys()].join(', ')}` }] });
      return type;
    },
    list: () => [...byName.values()],
    register(type) {
      if (byName.has(type.name)) throw new Error(`field type ${type.name} is already registered`);
      byName.set(type.name, type);
    },
  };
  for (const type of types) registry.register(type);
  return registry;
}
