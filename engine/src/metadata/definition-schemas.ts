import type { JsonSchema } from '../kernel/index.ts';

const text = (max: number): JsonSchema => ({ type: 'string', minLength: 1, maxLength: max });

export const localizedTextSchema = (max = 255): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { en: text(max), 'zh-CN': text(max) },
});

/** Properties every field definition may have, whatever its type. */
export const commonFieldProperties: Record<string, JsonSchema> = {
  api_name: { type: 'string' },
  type: { type: 'string' },
  label: localizedTextSchema(),
  description: { type: 'string', maxLength: 2000 },
  help_text: localizedTextSchema(1000),
  required: { type: 'boolean' },
  unique: { type: 'boolean' },
  indexed: { type: 'boolean' },
  audited: { type: 'boolean' },
  default: {},
  archived: { type: 'boolean' },
};

/** An object definition (its fields are checked one by one against their type's schema). */
export const objectDefinitionSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['api_name', 'label', 'plural_label', 'name_field', 'fields'],
  properties: {
    api_name: { type: 'string' },
    label: localizedTextSchema(),
    plural_label: localizedTextSchema(),
    description: { type: 'string', maxLength: 2000 },
    icon: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
    name_field: { type: 'string' },
    archived: { type: 'boolean' },
    fields: { type: 'array', maxItems: 500, items: { type: 'object' } },
  },
};
