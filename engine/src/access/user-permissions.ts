import { qualify, type Knex } from '../db/index.ts';
import { getUser } from './users.ts';
import { effectivePermissions, type EffectivePermissions, type Grant, type RoleGrant } from './effective-permissions.ts';

/** A user's effective permissions, from their roles and permission sets as stored now. */
export async function loadEffectivePermissions(db: Knex, schema: string, userId: string): Promise<EffectivePermissions> {
  const user = await getUser(db, schema, userId);
  const roles = (
    await db.raw<{ rows: RoleGrant[] }>(
      `select r.api_name, r.object_rights, r.field_rights, r.data_scopes, r.default_scope from ${qualify(schema, '_roles')} r
       join ${qualify(schema, '_user_roles')} ur on ur.role_id = r.id where ur.user_id = ?`,
      [userId],
    )
  ).rows;
  const permissionSets = (
    await db.raw<{ rows: Grant[] }>(
      `select p.api_name, p.object_rights, p.field_rights from ${qualify(schema, '_permission_sets')} p
       join ${qualify(schema, '_user_permission_sets')} up on up.permission_set_id = p.id where up.user_id = ?`,
      [userId],
    )
  ).rows;
  return effectivePermissions({ isAdmin: user.is_admin, roles, permissionSets });
}
