import type { JsonSchema } from '../kernel/index.ts';
import type { FieldDef } from '../metadata/index.ts';
import type { FieldType } from './field-type.ts';

/**
 * The JSON Schema of a field's API value, null included (null clears a field).
 *
 * A schema with one `type` gets a type array (`['string', 'null']`): every assertion keyword except
 * enum/const applies to one JSON type only, so null passes them, and enum gains null. This keeps
 * forms (react-jsonschema-form) and OpenAPI 3.1 clients simple — they render `string | null` rather
 * than an anyOf choice. Anything else is wrapped as `anyOf: [schema, {type: 'null'}]`.
 * Type arrays are union types: an ajv in strict mode needs `allowUnionTypes: true`.
 */
export function fieldValueSchema(type: FieldType, field: FieldDef): JsonSchema {
  const schema = type.valueSchema(field);
  if (typeof schema.type === 'string' && !('const' in schema)) {
    const nullable: JsonSchema = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) nullable.enum = [...(schema.enum as unknown[]), null];
    return nullable;
  }
  return { anyOf: [schema, { type: 'null' }] };
}
