import { DATA_SCOPES, FIELD_ACCESS, NO_RIGHTS, OBJECT_RIGHTS, type DataScope, type DataScopeMap, type FieldAccess, type FieldRightsMap, type ObjectRights, type ObjectRightsMap } from './rights.ts';

/** What a permission set grants. */
export interface Grant {
  api_name: string;
  object_rights: ObjectRightsMap;
  field_rights: FieldRightsMap;
}

/** A role grants rights like a permission set, and decides the data scope per object. */
export interface RoleGrant extends Grant {
  data_scopes: DataScopeMap;
  default_scope: DataScope;
}

export interface EffectivePermissions {
  /** Administrators bypass rights and scopes; the check is explicit wherever they are enforced. */
  is_admin: boolean;
  roles: string[];
  permission_sets: string[];
  /** The union of the object rights of every role and permission set; objects not listed: no rights. */
  objects: ObjectRightsMap;
  /** Fields named by some grant; every other field follows its object's rights (edit if create or edit, read if read). */
  fields: FieldRightsMap;
  /** Per object named by some role: the scopes granted (their union is visible), smallest list. */
  data_scopes: Record<string, DataScope[]>;
  /** The scopes for every other object (a user with no role: their own records). */
  default_scopes: DataScope[];
}

const rank = (access: FieldAccess) => FIELD_ACCESS.indexOf(access);
const maxAccess = (a: FieldAccess, b: FieldAccess): FieldAccess => (rank(a) >= rank(b) ? a : b);

/**
 * A field's access where a grant does not name it: what the grant gives the object. `edit` on a field
 * means "may set it when writing the record", so creating counts: a create-only grant sets fields on
 * create, and the object right (no edit) still refuses updates.
 */
function accessFromObject(rights: ObjectRights | undefined): FieldAccess {
  if (rights?.edit || rights?.create) return 'edit';
  if (rights?.read) return 'read';
  return 'none';
}

/**
 * The smallest list with the same union of records: `all` covers everything, a department's records
 * include the user's own, sub-departments include the department, subordinates include oneself.
 */
export function minimiseScopes(scopes: Iterable<DataScope>): DataScope[] {
  const set = new Set(scopes);
  if (set.has('all')) return ['all'];
  if (set.has('department_and_subdepartments')) set.delete('department');
  if (set.has('self_and_subordinates') || set.has('department') || set.has('department_and_subdepartments')) set.delete('self');
  return DATA_SCOPES.filter((s) => set.has(s));
}

/** The union of a user's roles and permission sets: rights are additive, never subtracted by another grant. */
export function effectivePermissions(input: { isAdmin: boolean; roles: RoleGrant[]; permissionSets: Grant[] }): EffectivePermissions {
  const grants: Grant[] = [...input.roles, ...input.permissionSets];
  const objects: ObjectRightsMap = {};
  for (const grant of grants) {
    for (const [object, rights] of Object.entries(grant.object_rights)) {
      const merged = { ...(objects[object] ?? NO_RIGHTS) };
      for (const right of OBJECT_RIGHTS) merged[right] = merged[right] || rights[right];
      objects[object] = merged;
    }
  }

  const fields: FieldRightsMap = {};
  const named = new Map<string, Set<string>>();
  for (const grant of grants) {
    for (const [object, byField] of Object.entries(grant.field_rights)) {
      const set = named.get(object) ?? new Set<string>();
      for (const field of Object.keys(byField)) set.add(field);
      named.set(object, set);
    }
  }
  for (const [object, names] of named) {
    const ceiling = accessFromObject(objects[object]);
    fields[object] = {};
    for (const field of names) {
      let access: FieldAccess = 'none';
      for (const grant of grants) access = maxAccess(access, grant.field_rights[object]?.[field] ?? accessFromObject(grant.object_rights[object]));
      // A field is never more open than its object: edit on a field of a read-only object is read.
      (fields[object] as Record<string, FieldAccess>)[field] = rank(access) > rank(ceiling) ? ceiling : access;
    }
  }

  const scoped = new Set(input.roles.flatMap((role) => Object.keys(role.data_scopes)));
  const data_scopes: Record<string, DataScope[]> = {};
  for (const object of scoped) data_scopes[object] = minimiseScopes(input.roles.map((role) => role.data_scopes[object] ?? role.default_scope));
  const default_scopes = input.roles.length ? minimiseScopes(input.roles.map((role) => role.default_scope)) : (['self'] as DataScope[]);

  return {
    is_admin: input.isAdmin,
    roles: input.roles.map((r) => r.api_name).sort(),
    permission_sets: input.permissionSets.map((p) => p.api_name).sort(),
    objects,
    fields,
    data_scopes,
    default_scopes,
  };
}
