import { AppError } from '../kernel/index.ts';
import type { FieldDef, ObjectDef, TenantMetadata } from './types.ts';

/** A metadata change as data: what an admin asked for, before it is checked or planned. */
export type MetadataChange =
  | { kind: 'create_object'; object: ObjectDef }
  | { kind: 'update_object'; object: string; patch: Partial<Omit<ObjectDef, 'api_name' | 'fields'>> }
  | { kind: 'archive_object'; object: string }
  | { kind: 'create_field'; object: string; field: FieldDef }
  | { kind: 'update_field'; object: string; field: string; patch: Partial<FieldDef> }
  | { kind: 'archive_field'; object: string; field: string }
  | { kind: 'replace_object'; object: string; definition: ObjectDef; reverts?: string };

export type ChangeKind = MetadataChange['kind'];

/** The object a change is about, and the field if it is about one. */
export function changeTarget(change: MetadataChange): { object: string; field?: string } {
  switch (change.kind) {
    case 'create_object':
      return { object: change.object.api_name };
    case 'create_field':
      return { object: change.object, field: change.field.api_name };
    case 'update_field':
    case 'archive_field':
      return { object: change.object, field: change.field };
    default:
      return { object: change.object };
  }
}

/** The metadata with `object` in place of its current definition (or added): the metadata as a change would leave it. */
export function withObject(metadata: TenantMetadata, object: ObjectDef): TenantMetadata {
  return { ...metadata, objects: [...metadata.objects.filter((o) => o.api_name !== object.api_name), object] };
}

export function findObject(metadata: TenantMetadata, apiName: string): ObjectDef | undefined {
  return metadata.objects.find((o) => o.api_name === apiName);
}

export function requireObject(metadata: TenantMetadata, apiName: string, includeArchived = false): ObjectDef {
  const object = findObject(metadata, apiName);
  if (!object || (object.archived && !includeArchived)) throw new AppError('object_not_found', `There is no object "${apiName}"`);
  return object;
}

function requireField(object: ObjectDef, apiName: string): FieldDef {
  const field = object.fields.find((f) => f.api_name === apiName);
  if (!field) throw new AppError('field_not_found', `Object "${object.api_name}" has no field "${apiName}"`);
  return field;
}

/**
 * The object as it would be after the change (a pure function; nothing is checked here but
 * existence). Returns the definition before (null for a new object) and after.
 */
export function applyChange(metadata: TenantMetadata, change: MetadataChange): { before: ObjectDef | null; after: ObjectDef } {
  switch (change.kind) {
    case 'create_object': {
      if (findObject(metadata, change.object.api_name)) {
        throw new AppError('duplicate_name', `An object named "${change.object.api_name}" already exists`, {
          errors: [{ field: 'api_name', message: 'is already used by another object (archived objects keep their name)' }],
        });
      }
      return { before: null, after: change.object };
    }
    case 'update_object': {
      const before = requireObject(metadata, change.object, true);
      return { before, after: { ...before, ...change.patch } };
    }
    case 'archive_object': {
      const before = requireObject(metadata, change.object);
      return { before, after: { ...before, archived: true } };
    }
    case 'create_field': {
      const before = requireObject(metadata, change.object);
      if (before.fields.some((f) => f.api_name === change.field.api_name)) {
        throw new AppError('duplicate_name', `Object "${change.object}" already has a field "${change.field.api_name}"`, {
          errors: [{ field: 'api_name', message: 'is already used by another field of this object (archived fields keep their name)' }],
        });
      }
      return { before, after: { ...before, fields: [...before.fields, change.field] } };
    }
    case 'update_field': {
      const before = requireObject(metadata, change.object);
      const field = requireField(before, change.field);
      // A null in the patch removes that setting (e.g. min when an integer becomes text).
      const merged: Record<string, unknown> = { ...field, ...change.patch, api_name: field.api_name };
      for (const [key, value] of Object.entries(change.patch)) if (value === null) delete merged[key];
      const next = merged as unknown as FieldDef;
      return { before, after: { ...before, fields: before.fields.map((f) => (f === field ? next : f)) } };
    }
    case 'archive_field': {
      const before = requireObject(metadata, change.object);
      const field = requireField(before, change.field);
      if (field.archived) throw new AppError('field_not_found', `Field "${change.field}" is already archived`);
      if (before.name_field === field.api_name) {
        throw new AppError('invalid_metadata', 'The name field cannot be archived; choose another name field first', { errors: [{ field: 'name_field', message: 'is this field' }] });
      }
      return { before, after: { ...before, fields: before.fields.map((f) => (f === field ? { ...f, archived: true } : f)) } };
    }
    case 'replace_object': {
      const before = findObject(metadata, change.object) ?? null;
      return { before, after: change.definition };
    }
  }
}

/**
 * The definition that undoes a change from `before` to `current`, without losing data: fields and
 * objects that did not exist before are archived rather than removed.
 */
export function revertDefinition(before: ObjectDef | null, current: ObjectDef): ObjectDef {
  if (before === null) return { ...current, archived: true };
  const known = new Set(before.fields.map((f) => f.api_name));
  const added = current.fields.filter((f) => !known.has(f.api_name)).map((f) => ({ ...f, archived: true }));
  return { ...before, fields: [...before.fields, ...added] };
}
