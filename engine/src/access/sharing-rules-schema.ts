import { localizedTextSchema } from '../metadata/index.ts';
import { SHARING_ACCESS } from './sharing-rules.ts';

/**
 * JSON Schemas of the sharing rule admin bodies. The HTTP routes declare them (validation and the OpenAPI
 * document); the store checks them again, so every caller gets the same 422.
 */
const sharingRuleProperties = {
  object: { type: 'string', minLength: 1, maxLength: 63, description: 'The object whose records the rule shares; set once' },
  api_name: { type: 'string', minLength: 1, maxLength: 63, description: 'Unique per object; set once' },
  label: { anyOf: [{ type: 'string', minLength: 1, maxLength: 200 }, localizedTextSchema(200)] },
  description: { type: ['string', 'null'], maxLength: 2000 },
  condition: { description: 'A JSON-logic rule on the record (its own fields); the records where it is truthy are shared' },
  access: { enum: [...SHARING_ACCESS], description: 'read, or edit (read-write); never more than the grantee’s object rights' },
  roles: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 63 }, maxItems: 100, uniqueItems: true, description: 'Role api_names the rule grants to' },
  departments: { type: 'array', items: { type: 'string', format: 'uuid' }, maxItems: 100, uniqueItems: true, description: 'Department ids the rule grants to' },
  include_subdepartments: { type: 'boolean', description: 'Also grant to the users of every department below those named (default false)' },
  active: { type: 'boolean', description: 'An inactive rule grants nothing (default true)' },
} as const;

export const sharingRuleCreateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['object', 'api_name', 'condition', 'access'],
  properties: sharingRuleProperties,
} as const;

export const sharingRulePatchSchema = { type: 'object', additionalProperties: false, minProperties: 1, properties: sharingRuleProperties } as const;
