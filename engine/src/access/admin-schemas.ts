import { LOCALES, localizedTextSchema } from '../metadata/index.ts';
import { DATA_SCOPES, FIELD_ACCESS, OBJECT_RIGHTS } from './rights.ts';

/**
 * JSON Schemas of the admin API bodies. The HTTP routes declare them (validation and the OpenAPI
 * document); the access functions check them again, so every caller gets the same 422.
 */
const uuidOrNull = { type: ['string', 'null'], format: 'uuid' } as const;
const names = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1, maxLength: 63 }, maxItems: 100, uniqueItems: true, description }) as const;

const userProperties = {
  email: { type: 'string', minLength: 3, maxLength: 320 },
  name: { type: 'string', minLength: 1, maxLength: 200 },
  password: { type: 'string', minLength: 8, maxLength: 256, description: 'Optional: a user without one sets it through a password reset' },
  phone: { type: ['string', 'null'], maxLength: 40, pattern: '^[+0-9(][0-9 ()./+x-]{2,39}$' },
  department_id: uuidOrNull,
  manager_id: uuidOrNull,
  roles: names('Role api_names'),
  permission_sets: names('Permission set api_names'),
  is_admin: { type: 'boolean' },
  active: { type: 'boolean', description: 'Users are deactivated, never deleted: false ends their sessions and disables their API keys' },
  locale: { enum: [...LOCALES] },
  time_zone: { type: 'string', minLength: 1, maxLength: 64, description: 'An IANA time zone such as Asia/Shanghai' },
} as const;

export const userCreateSchema = { type: 'object', additionalProperties: false, required: ['email', 'name'], properties: userProperties } as const;
export const userPatchSchema = { type: 'object', additionalProperties: false, minProperties: 1, properties: userProperties } as const;

const departmentProperties = {
  name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
  parent_id: { ...uuidOrNull, description: 'null: a top-level department. Changing it moves the department with its sub-departments' },
} as const;
export const departmentCreateSchema = { type: 'object', additionalProperties: false, required: ['name'], properties: departmentProperties } as const;
export const departmentPatchSchema = { type: 'object', additionalProperties: false, minProperties: 1, properties: departmentProperties } as const;

const label = { anyOf: [{ type: 'string', minLength: 1, maxLength: 200 }, localizedTextSchema(200)] } as const;
const objectRights = {
  type: 'object',
  description: 'object → rights; edit, create and view_all imply read, delete implies edit, modify_all implies all',
  additionalProperties: { type: 'object', additionalProperties: false, properties: Object.fromEntries(OBJECT_RIGHTS.map((r) => [r, { type: 'boolean' }])) },
} as const;
const fieldRights = {
  type: 'object',
  description: 'object → field → access; fields not named follow the object rights',
  additionalProperties: { type: 'object', additionalProperties: { enum: [...FIELD_ACCESS] } },
} as const;
const scope = { enum: [...DATA_SCOPES] } as const;

const grantProperties = {
  api_name: { type: 'string', minLength: 1, maxLength: 63, description: 'Set once; cannot be changed' },
  label,
  description: { type: ['string', 'null'], maxLength: 2000 },
  object_rights: objectRights,
  field_rights: fieldRights,
} as const;
const roleProperties = {
  ...grantProperties,
  data_scopes: { type: 'object', description: 'object → data scope', additionalProperties: scope },
  default_scope: { ...scope, description: 'The scope of objects not named in data_scopes (default self)' },
} as const;

export const roleCreateSchema = { type: 'object', additionalProperties: false, required: ['api_name'], properties: roleProperties } as const;
export const rolePatchSchema = { type: 'object', additionalProperties: false, minProperties: 1, properties: roleProperties } as const;
export const permissionSetCreateSchema = { type: 'object', additionalProperties: false, required: ['api_name'], properties: grantProperties } as const;
export const permissionSetPatchSchema = { type: 'object', additionalProperties: false, minProperties: 1, properties: grantProperties } as const;
