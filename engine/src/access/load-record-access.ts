import type { Actor } from '../kernel/index.ts';
import { qualify, query, type Knex } from '../db/index.ts';
import type { ObjectDef } from '../metadata/index.ts';
import { effectivePermissions, type Grant, type RoleGrant } from './effective-permissions.ts';
import { adminRecordAccess, recordAccess, type RecordAccess } from './record-access.ts';
import { sharingFilters, type ApplicableRule, type SharingModel } from './sharing-rules.ts';
import type { AccessCache } from './access-cache.ts';

/** Where computed access may be reused: a cache, and the access version the request's credential saw. */
export interface AccessReuse {
  cache: AccessCache;
  version: number;
}

interface AccessRow {
  roles: RoleGrant[];
  permission_sets: Grant[];
  scope_all: boolean;
  owners: string[];
  team_read: string[];
  team_edit: string[];
  sharing_rules: ApplicableRule[];
  access_version: number;
}

/**
 * One statement, one round trip: the actor's roles and permission sets, and for this object the owners
 * their data scopes cover — self; the manager subtree below them (users whose manager chain reaches
 * them); their department; their department's subtree — plus the records they are on the team of, and
 * the active sharing rules that grant to one of their roles, their department, or (for rules that include
 * sub-departments) a department above theirs. Each scope's recursive part only runs when some role grants
 * that scope for the object.
 */
export function accessStatement(schema: string, userId: string, object: string): { sql: string; bindings: unknown[] } {
  const t = (name: string) => qualify(schema, name);
  const sql = `with recursive
    scopes as (
      select coalesce(r.data_scopes ->> ?, r.default_scope) as scope
      from ${t('_roles')} r join ${t('_user_roles')} ur on ur.role_id = r.id where ur.user_id = ?
    ),
    flags as (
      select coalesce(bool_or(scope = 'all'), false) as s_all,
             coalesce(bool_or(scope = 'self_and_subordinates'), false) as s_subs,
             coalesce(bool_or(scope in ('department', 'department_and_subdepartments')), false) as s_dept,
             coalesce(bool_or(scope = 'department_and_subdepartments'), false) as s_tree
      from scopes
    ),
    subordinates(id) as (
      select u.id from ${t('_users')} u cross join flags f where f.s_subs and not f.s_all and u.manager_id = ?
      union
      select u.id from ${t('_users')} u join subordinates s on u.manager_id = s.id
    ),
    departments(id) as (
      select u.department_id from ${t('_users')} u cross join flags f where u.id = ? and u.department_id is not null and f.s_dept and not f.s_all
      union
      select d.id from ${t('_departments')} d join departments p on d.parent_id = p.id cross join flags f where f.s_tree
    ),
    above(id) as (
      select u.department_id from ${t('_users')} u where u.id = ? and u.department_id is not null
      union
      select d.parent_id from ${t('_departments')} d join above a on d.id = a.id where d.parent_id is not null
    )
    select
      (select version from ${t('_access_state')}) as access_version,
      (select s_all from flags) as scope_all,
      array(select ?::uuid union select id from subordinates union select u.id from ${t('_users')} u where u.department_id in (select id from departments)) as owners,
      coalesce((select json_agg(json_build_object('api_name', r.api_name, 'object_rights', r.object_rights, 'field_rights', r.field_rights, 'data_scopes', r.data_scopes, 'default_scope', r.default_scope))
        from ${t('_roles')} r join ${t('_user_roles')} ur on ur.role_id = r.id where ur.user_id = ?), '[]'::json) as roles,
      coalesce((select json_agg(json_build_object('api_name', p.api_name, 'object_rights', p.object_rights, 'field_rights', p.field_rights))
        from ${t('_permission_sets')} p join ${t('_user_permission_sets')} up on up.permission_set_id = p.id where up.user_id = ?), '[]'::json) as permission_sets,
      array(select m.record_id from ${t('_record_teams')} m where m.object = ? and m.user_id = ? and (m.expires_at is null or m.expires_at > now())) as team_read,
      array(select m.record_id from ${t('_record_teams')} m where m.object = ? and m.user_id = ? and m.access = 'edit' and (m.expires_at is null or m.expires_at > now())) as team_edit,
      coalesce((select json_agg(json_build_object('id', s.id, 'condition', s.condition, 'access', s.access) order by s.id)
        from ${t('_sharing_rules')} s
        where s.object = ? and s.active and (
          s.roles && array(select ur.role_id from ${t('_user_roles')} ur where ur.user_id = ?)
          or s.departments && array(select u.department_id from ${t('_users')} u where u.id = ? and u.department_id is not null)
          or (s.include_subdepartments and s.departments && array(select id from above))
        )), '[]'::json) as sharing_rules`;
  return { sql, bindings: [object, userId, userId, userId, userId, userId, userId, userId, object, userId, object, userId, object, userId, userId] };
}

/**
 * An actor's access to one object: none needed for an administrator; else reused while the tenant's
 * access version is the one the request saw, or read fresh in one statement (and kept under the version
 * that statement saw). The model is the tenant's (its schema, and what sharing conditions compile against).
 */
export async function loadRecordAccess(db: Knex | Knex.Transaction, model: SharingModel, actor: Actor, def: ObjectDef, reuse?: AccessReuse): Promise<RecordAccess> {
  if (actor.isAdmin) return adminRecordAccess(def);
  const schema = model.tenant.schema;
  const cached = reuse?.cache.get(schema, actor.userId, def, reuse.version);
  if (cached) return cached;
  const statement = accessStatement(schema, actor.userId, def.api_name);
  const row = (await query<AccessRow>(db, statement.sql, statement.bindings))[0] as AccessRow;
  const permissions = effectivePermissions({ isAdmin: false, roles: row.roles, permissionSets: row.permission_sets });
  const sharing = sharingFilters(row.sharing_rules, model, def.api_name, actor.userId);
  const access = recordAccess(permissions, def, {
    owners: row.scope_all ? null : row.owners,
    teamRead: row.team_read,
    teamEdit: row.team_edit,
    sharingRead: sharing.read,
    sharingEdit: sharing.edit,
  });
  reuse?.cache.set(schema, actor.userId, def, Number(row.access_version), access);
  return access;
}
