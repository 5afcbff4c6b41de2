import { SYSTEM_FIELDS, type ObjectDef } from '../metadata/index.ts';
import { NO_RIGHTS, type FieldAccess } from './rights.ts';
import type { EffectivePermissions } from './effective-permissions.ts';

/** What an actor may do with an object as a whole. */
export interface ObjectPermissions {
  canCreate: boolean;
  canRead: boolean;
  canEdit: boolean;
  canDelete: boolean;
  /** Read every record, whatever the data scope. */
  viewAll: boolean;
  /** Read, edit and delete every record, whatever the data scope. */
  modifyAll: boolean;
}

/** The fields an actor may read and may set, by API name (system fields included). */
export interface FieldMask {
  /** Every field a record of the object shows, readable or not. */
  all: ReadonlySet<string>;
  readable: ReadonlySet<string>;
  editable: ReadonlySet<string>;
}

/** Shown to every reader: a record's identity and the version If-Match needs. */
export const ALWAYS_READABLE: readonly string[] = ['id', 'version'];
/** The one system field a writer may set (through field rights, like any field). */
const WRITABLE_SYSTEM = new Set(['owner_id']);
/** System fields the API shows (deleted_at never leaves the recycle bin logic). */
const SHOWN_SYSTEM = SYSTEM_FIELDS.filter((f) => f !== 'deleted_at');

export const ALL_PERMISSIONS: ObjectPermissions = { canCreate: true, canRead: true, canEdit: true, canDelete: true, viewAll: true, modifyAll: true };

/** The API names a record of this object shows: system fields, then active fields. */
export function fieldNamesOf(def: ObjectDef): string[] {
  return [...SHOWN_SYSTEM, ...def.fields.filter((f) => !f.archived).map((f) => f.api_name)];
}

export function objectPermissionsOf(permissions: EffectivePermissions, object: string): ObjectPermissions {
  const r = permissions.objects[object] ?? NO_RIGHTS;
  return { canCreate: r.create, canRead: r.read, canEdit: r.edit, canDelete: r.delete, viewAll: r.view_all, modifyAll: r.modify_all };
}

/**
 * A field's access is the one some grant names (already the best of all grants, never above the
 * object), else what the object gives: edit when the actor may create or edit, read when it may read.
 */
export function fieldMaskOf(permissions: EffectivePermissions, def: ObjectDef): FieldMask {
  const rights = permissions.objects[def.api_name] ?? NO_RIGHTS;
  const fallback: FieldAccess = rights.edit || rights.create ? 'edit' : rights.read ? 'read' : 'none';
  const named = permissions.fields[def.api_name] ?? {};
  const readable = new Set<string>();
  const editable = new Set<string>();
  for (const name of fieldNamesOf(def)) {
    const access = ALWAYS_READABLE.includes(name) && rights.read ? 'read' : (named[name] ?? fallback);
    if (access === 'none') continue;
    readable.add(name);
    const system = (SYSTEM_FIELDS as readonly string[]).includes(name);
    if (access === 'edit' && (!system || WRITABLE_SYSTEM.has(name))) editable.add(name);
  }
  return { all: new Set(fieldNamesOf(def)), readable, editable };
}

/** Administrators' view of an object: every right, every field. */
export function fullFieldMask(def: ObjectDef): FieldMask {
  const names = fieldNamesOf(def);
  return { all: new Set(names), readable: new Set(names), editable: new Set(names.filter((n) => !(SYSTEM_FIELDS as readonly string[]).includes(n) || WRITABLE_SYSTEM.has(n))) };
}
