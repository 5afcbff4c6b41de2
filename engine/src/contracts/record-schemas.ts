import type { JsonSchema } from '../kernel/index.ts';
import type { ObjectDef } from '../metadata/index.ts';
import { fieldValueSchema, type FieldTypeRegistry } from '../field-types/index.ts';

const uuid = { type: 'string', format: 'uuid' };
const stamp = { type: 'string', format: 'date-time' };
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

/** The system fields every record carries, as the API shows them. */
export const systemFieldSchemas: Record<string, JsonSchema> = {
  id: { ...uuid, readOnly: true },
  created_at: { ...stamp, readOnly: true },
  created_by: { ...nullable(uuid), readOnly: true },
  updated_at: { ...stamp, readOnly: true },
  updated_by: { ...nullable(uuid), readOnly: true },
  owner_id: nullable(uuid),
  version: { type: 'integer', minimum: 1, readOnly: true },
};

export interface RecordSchemas {
  read: JsonSchema;
  create: JsonSchema;
  update: JsonSchema;
}

/** The JSON Schemas of an object's records: as read, as created, as updated. Archived fields are absent. */
export function buildRecordSchemas(object: ObjectDef, registry: FieldTypeRegistry): RecordSchemas {
  const active = object.fields.filter((f) => !f.archived);
  const read: Record<string, JsonSchema> = { ...systemFieldSchemas };
  const writable: Record<string, JsonSchema> = { owner_id: nullable(uuid) };
  const updatable: Record<string, JsonSchema> = { owner_id: nullable(uuid) };
  const required: string[] = [];
  for (const field of active) {
    const type = registry.require(field.type);
    const description = field.label.en ?? field.label['zh-CN'];
    const value = { ...type.valueSchema(field), ...(description ? { title: description } : {}) };
    read[field.api_name] = fieldValueSchema(type, field);
    // Generated (autonumber) and computed (formula) values are made by the engine, never taken from input.
    if (type.generated || type.computed) {
      read[field.api_name] = { ...fieldValueSchema(type, field), readOnly: true };
      continue;
    }
    writable[field.api_name] = field.required ? value : fieldValueSchema(type, field);
    updatable[field.api_name] = field.required ? value : fieldValueSchema(type, field);
    if (field.required && (field.default === undefined || field.default === null)) required.push(field.api_name);
  }
  return {
    read: { type: 'object', additionalProperties: false, required: Object.keys(read), properties: read },
    create: { type: 'object', additionalProperties: false, required, properties: writable },
    update: { type: 'object', additionalProperties: false, properties: updatable },
  };
}
