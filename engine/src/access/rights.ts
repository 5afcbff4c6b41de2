import type { FieldError } from '../kernel/index.ts';
import { SYSTEM_FIELDS, type TenantMetadata } from '../metadata/index.ts';

export const OBJECT_RIGHTS = ['create', 'read', 'edit', 'delete', 'view_all', 'modify_all'] as const;
export type ObjectRight = (typeof OBJECT_RIGHTS)[number];
export type ObjectRights = Record<ObjectRight, boolean>;

export const FIELD_ACCESS = ['none', 'read', 'edit'] as const;
export type FieldAccess = (typeof FIELD_ACCESS)[number];

/**
 * Which records of an object a role sees (by their owner): the user's own; theirs and their reports'
 * down the manager chain; their department's; their department's and its sub-departments'; all.
 */
export const DATA_SCOPES = ['self', 'self_and_subordinates', 'department', 'department_and_subdepartments', 'all'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

/** object → rights. */
export type ObjectRightsMap = Record<string, ObjectRights>;
/** object → field → access. */
export type FieldRightsMap = Record<string, Record<string, FieldAccess>>;
/** object → scope. */
export type DataScopeMap = Record<string, DataScope>;

export const NO_RIGHTS: ObjectRights = { create: false, read: false, edit: false, delete: false, view_all: false, modify_all: false };

/**
 * Rights imply the ones beneath them, as in Salesforce: edit and create need read, delete needs edit,
 * view all needs read, modify all needs everything. Stored and returned in this closed form.
 */
export function closeRights(input: Partial<ObjectRights>): ObjectRights {
  const r = { ...NO_RIGHTS, ...input };
  if (r.modify_all) Object.assign(r, { read: true, edit: true, delete: true, view_all: true });
  if (r.delete) Object.assign(r, { read: true, edit: true });
  if (r.edit || r.create || r.view_all) r.read = true;
  return r;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The live (not archived) object of that name. */
function liveObject(metadata: TenantMetadata, name: string) {
  return metadata.objects.find((o) => o.api_name === name && !o.archived);
}

/** Checks object rights against the tenant's objects; returns them closed, or the problems. */
export function checkObjectRights(value: unknown, metadata: TenantMetadata, errors: FieldError[], property = 'object_rights'): ObjectRightsMap {
  const out: ObjectRightsMap = {};
  if (!isRecord(value)) {
    errors.push({ field: property, message: 'must be an object: {<object>: {create, read, edit, delete, view_all, modify_all}}' });
    return out;
  }
  for (const [object, rights] of Object.entries(value)) {
    const path = `${property}.${object}`;
    if (!liveObject(metadata, object)) {
      errors.push({ field: path, message: 'is not an object of this tenant' });
      continue;
    }
    if (!isRecord(rights)) {
      errors.push({ field: path, message: 'must be an object of booleans' });
      continue;
    }
    const given: Partial<ObjectRights> = {};
    for (const [right, flag] of Object.entries(rights)) {
      if (!(OBJECT_RIGHTS as readonly string[]).includes(right)) errors.push({ field: `${path}.${right}`, message: `is not a right; use ${OBJECT_RIGHTS.join(', ')}` });
      else if (typeof flag !== 'boolean') errors.push({ field: `${path}.${right}`, message: 'must be true or false' });
      else given[right as ObjectRight] = flag;
    }
    out[object] = closeRights(given);
  }
  return out;
}

export function checkFieldRights(value: unknown, metadata: TenantMetadata, errors: FieldError[], property = 'field_rights'): FieldRightsMap {
  const out: FieldRightsMap = {};
  if (!isRecord(value)) {
    errors.push({ field: property, message: 'must be an object: {<object>: {<field>: "none" | "read" | "edit"}}' });
    return out;
  }
  for (const [object, fields] of Object.entries(value)) {
    const path = `${property}.${object}`;
    const def = liveObject(metadata, object);
    if (!def) {
      errors.push({ field: path, message: 'is not an object of this tenant' });
      continue;
    }
    if (!isRecord(fields)) {
      errors.push({ field: path, message: 'must be an object: {<field>: "none" | "read" | "edit"}' });
      continue;
    }
    const known = new Set<string>([...SYSTEM_FIELDS.filter((f) => f !== 'id'), ...def.fields.filter((f) => !f.archived).map((f) => f.api_name)]);
    out[object] = {};
    for (const [field, access] of Object.entries(fields)) {
      if (!known.has(field)) errors.push({ field: `${path}.${field}`, message: `is not a field of ${object}` });
      else if (!(FIELD_ACCESS as readonly unknown[]).includes(access)) errors.push({ field: `${path}.${field}`, message: 'must be "none", "read" or "edit"' });
      else (out[object] as Record<string, FieldAccess>)[field] = access as FieldAccess;
    }
  }
  return out;
}

export function isDataScope(value: unknown): value is DataScope {
  return (DATA_SCOPES as readonly unknown[]).includes(value);
}

export function checkDataScopes(value: unknown, metadata: TenantMetadata, errors: FieldError[], property = 'data_scopes'): DataScopeMap {
  const out: DataScopeMap = {};
  if (!isRecord(value)) {
    errors.push({ field: property, message: `must be an object: {<object>: ${DATA_SCOPES.map((s) => `"${s}"`).join(' | ')}}` });
    return out;
  }
  for (const [object, scope] of Object.entries(value)) {
    if (!liveObject(metadata, object)) errors.push({ field: `${property}.${object}`, message: 'is not an object of this tenant' });
    else if (!isDataScope(scope)) errors.push({ field: `${property}.${object}`, message: `must be one of ${DATA_SCOPES.join(', ')}` });
    else out[object] = scope;
  }
  return out;
}
