import type { ObjectDef } from '../metadata/index.ts';
import type { EffectivePermissions } from './effective-permissions.ts';
import { ALL_PERMISSIONS, fieldMaskOf, fullFieldMask, objectPermissionsOf, type FieldMask, type ObjectPermissions } from './object-access.ts';
import { rowFilter, type AccessFilter } from './row-filter.ts';

/** Everything the query engine and the save pipeline need to enforce access to one object for one actor. */
export interface RecordAccess {
  object: string;
  /** An administrator: every right, every field, every row. Set in one place only (adminRecordAccess). */
  admin: boolean;
  permissions: ObjectPermissions;
  fields: FieldMask;
  /** The rows the actor may read; null: every row (admin, view all, scope `all`). */
  readFilter: AccessFilter | null;
  /** The rows the actor may edit, delete or transfer; null: every row (admin, modify all, scope `all`). */
  editFilter: AccessFilter | null;
}

/** What the access statement found about the actor for this object. */
export interface ScopeFacts {
  /** Owners the actor's data scopes cover (always including the actor); null when a scope is `all`. */
  owners: string[] | null;
  /** Records the actor is on the team of (unexpired), and those with edit access. */
  teamRead: string[];
  teamEdit: string[];
  /** The rows the actor's sharing rules open for reading (every applicable rule) and editing (`edit` rules); null: none. */
  sharingRead: AccessFilter | null;
  sharingEdit: AccessFilter | null;
}

const NOTHING: AccessFilter = { sql: 'false', bindings: [] };

/** Pure: an actor's permissions and scope facts → their access to one object. */
export function recordAccess(permissions: EffectivePermissions, def: ObjectDef, facts: ScopeFacts): RecordAccess {
  const rights = objectPermissionsOf(permissions, def.api_name);
  // Sharing widens the rows, never the rights: without the object right no rule opens anything.
  const readFilter = !rights.canRead ? NOTHING : rights.viewAll ? null : rowFilter({ owners: facts.owners, records: facts.teamRead, sharing: facts.sharingRead });
  const editFilter = !rights.canEdit ? NOTHING : rights.modifyAll ? null : rowFilter({ owners: facts.owners, records: facts.teamEdit, sharing: facts.sharingEdit });
  return { object: def.api_name, admin: false, permissions: rights, fields: fieldMaskOf(permissions, def), readFilter, editFilter };
}

/** Administrators bypass rights, field masks and scopes: explicitly, here and nowhere else. */
export function adminRecordAccess(def: ObjectDef): RecordAccess {
  return { object: def.api_name, admin: true, permissions: ALL_PERMISSIONS, fields: fullFieldMask(def), readFilter: null, editFilter: null };
}
