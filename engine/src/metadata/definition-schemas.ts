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
  searchable: { type: 'boolean' },
  default: {},
  default_rule: {},
  archived: { type: 'boolean' },
};

export const MAX_VALIDATION_RULES = 100;

/** A validation rule (its condition is checked as a rule by the schema stage). */
const validationRuleSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['api_name', 'condition', 'message', 'active'],
  properties: {
    api_name: { type: 'string' },
    condition: {},
    message: localizedTextSchema(1000),
    field: { type: 'string', maxLength: 100 },
    active: { type: 'boolean' },
    description: { type: 'string', maxLength: 2000 },
  },
};

const layoutFieldSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['field'],
  properties: { field: { type: 'string' }, read_only: { type: 'boolean' }, required: { type: 'boolean' }, visible_if: {}, required_if: {} },
};

/** A layout: sections of fields (checked against the object's fields, rules by the rule checker). */
export const layoutSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['api_name', 'label', 'sections'],
  properties: {
    api_name: { type: 'string' },
    label: localizedTextSchema(),
    roles: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 63 } },
    sections: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'fields'],
        properties: { label: localizedTextSchema(), columns: { enum: [1, 2] }, fields: { type: 'array', maxItems: 500, items: layoutFieldSchema } },
      },
    },
  },
};

/** A list view (columns, sort and filter are checked against the object by the schema stage). */
export const listViewSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['api_name', 'label', 'columns'],
  properties: {
    api_name: { type: 'string' },
    label: localizedTextSchema(),
    columns: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', maxLength: 200 } },
    sort: { type: 'string', maxLength: 500 },
    filter: {},
    kanban: {
      type: 'object',
      additionalProperties: false,
      required: ['group_by'],
      properties: {
        group_by: { type: 'string', maxLength: 63 },
        card_fields: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 200 } },
        sum_field: { type: 'string', maxLength: 63 },
      },
    },
  },
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
    layouts: { type: 'array', maxItems: 50, items: layoutSchema },
    list_views: { type: 'array', maxItems: 100, items: listViewSchema },
    validation_rules: { type: 'array', maxItems: MAX_VALIDATION_RULES, items: validationRuleSchema },
  },
};
