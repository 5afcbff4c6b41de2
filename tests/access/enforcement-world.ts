import { expect } from 'vitest';
import { qualify } from '../../engine/src/db/index.ts';
import type { TestEngine } from '../support/engine.ts';
import { createObject, type ApiRecord } from '../support/record-helpers.ts';
import { expectStatus, logIn } from './helpers.ts';

/**
 * A seeded company for the enforcement tests: a department tree four levels deep, twelve users with
 * managers (one chain crosses departments, one user has no department, one is deactivated), a role
 * per data scope and per special right, and deals owned by everyone. The scope rules are computed
 * here again, in plain JavaScript over this data, independently of the engine.
 */

export const DEPARTMENTS = [
  ['hq', null],
  ['sales', 'hq'],
  ['north', 'sales'],
  ['north_a', 'north'],
  ['south', 'sales'],
  ['support', 'hq'],
] as const;
export type DeptKey = (typeof DEPARTMENTS)[number][0];

export const USERS = [
  ['ceo', 'hq', null],
  ['vp', 'sales', 'ceo'],
  ['north_lead', 'north', 'vp'],
  ['rep_a1', 'north_a', 'north_lead'],
  ['rep_a2', 'north_a', 'north_lead'],
  ['rep_n', 'north', 'rep_a1'],
  ['south_lead', 'south', 'vp'],
  ['south_rep', 'south', 'south_lead'],
  ['leaver', 'south', 'south_lead'],
  ['support_lead', 'support', 'ceo'],
  ['agent', 'support', 'support_lead'],
  ['intern', null, 'rep_a2'],
] as const;
export type UserKey = (typeof USERS)[number][0];

export type Scope = 'self' | 'self_and_subordinates' | 'department' | 'department_and_subdepartments' | 'all';
export const SCOPES: Scope[] = ['self', 'self_and_subordinates', 'department', 'department_and_subdepartments', 'all'];

export interface RoleSpec {
  api_name: string;
  object_rights: Record<string, Record<string, boolean>>;
  field_rights?: Record<string, Record<string, string>>;
  data_scopes?: Record<string, Scope>;
  default_scope?: Scope;
}

const WRITE = { create: true, edit: true, delete: true };
/** One role per scope (full rights on deals), and roles for the special rights. */
export const ROLES: RoleSpec[] = [
  ...SCOPES.map((scope) => ({ api_name: `scope_${scope}`, object_rights: { deal: WRITE, account: { read: true } }, data_scopes: { deal: scope, account: scope } })),
  { api_name: 'reader_tree', object_rights: { deal: { read: true } }, data_scopes: { deal: 'department_and_subdepartments' } },
  { api_name: 'creator_self', object_rights: { deal: { create: true } }, data_scopes: { deal: 'self' } },
  { api_name: 'viewer_all', object_rights: { deal: { edit: true, view_all: true } }, data_scopes: { deal: 'self' } },
  { api_name: 'modifier', object_rights: { deal: { modify_all: true } }, data_scopes: { deal: 'self' } },
  { api_name: 'default_tree', object_rights: { deal: { create: true, edit: true } }, default_scope: 'department_and_subdepartments' },
  { api_name: 'masked', object_rights: { deal: WRITE }, field_rights: { deal: { margin: 'none', discount: 'read', owner_id: 'read' } }, data_scopes: { deal: 'department_and_subdepartments' } },
  { api_name: 'nothing', object_rights: { account: { read: true } } },
];

export const SYSTEM_KEYS = ['id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'owner_id', 'version'];
export const DEAL_FIELDS = ['name', 'stage', 'amount', 'margin', 'discount', 'account'];

export interface WorldUser {
  key: UserKey;
  id: string;
  email: string;
  password: string;
  departmentId: string | null;
  managerId: string | null;
}

export interface World {
  t: TestEngine;
  departments: Record<DeptKey, string>;
  users: Record<UserKey, WorldUser>;
  /** Users by id (for the independent scope computation). */
  byId: Map<string, WorldUser>;
  departmentParents: Map<string, string | null>;
  roles: Map<string, RoleSpec>;
  tokens: Map<UserKey, string>;
}

export async function seedWorld(t: TestEngine, options: { dealsPerUser?: number; binnedFor?: UserKey[] } = {}): Promise<World> {
  await createObject(t, { api_name: 'account', label: { en: 'Account' }, fields: [{ api_name: 'industry', type: 'text' }] });
  await createObject(t, {
    api_name: 'deal',
    label: { en: 'Deal' },
    fields: [
      { api_name: 'stage', type: 'text' },
      { api_name: 'amount', type: 'integer', indexed: true },
      { api_name: 'margin', type: 'integer' },
      { api_name: 'discount', type: 'integer' },
      { api_name: 'account', type: 'lookup', target: 'account', on_delete: 'set_null' },
    ],
  });
  const departments = {} as Record<DeptKey, string>;
  const departmentParents = new Map<string, string | null>();
  for (const [key, parent] of DEPARTMENTS) {
    const parentId = parent ? departments[parent] : null;
    const res = expectStatus(await t.request({ method: 'POST', url: '/api/admin/departments', payload: { name: key, parent_id: parentId } }), 201);
    departments[key] = (res.json() as { id: string }).id;
    departmentParents.set(departments[key], parentId);
  }
  const roles = new Map<string, RoleSpec>();
  for (const role of ROLES) {
    expectStatus(await t.request({ method: 'POST', url: '/api/admin/roles', payload: role }), 201);
    roles.set(role.api_name, role);
  }
  const users = {} as Record<UserKey, WorldUser>;
  for (const [key, dept, manager] of USERS) {
    const email = `${key}@world.test`;
    const password = `${key} password 1`;
    const payload = { email, name: key, password, department_id: dept ? departments[dept] : null, manager_id: manager ? users[manager].id : null };
    const res = expectStatus(await t.request({ method: 'POST', url: '/api/admin/users', payload }), 201);
    users[key] = { key, id: (res.json() as { id: string }).id, email, password, departmentId: payload.department_id, managerId: payload.manager_id };
  }
  const byId = new Map(Object.values(users).map((u) => [u.id, u]));

  const perUser = options.dealsPerUser ?? 2;
  let n = 0;
  for (const user of Object.values(users)) {
    for (let i = 1; i <= perUser; i += 1) {
      n += 1;
      const res = await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: `${user.key}-${i}`, stage: 'open', amount: n * 10, margin: n, discount: n % 7, owner_id: user.id } });
      expectStatus(res, 201);
    }
  }
  for (const key of options.binnedFor ?? []) {
    const res = expectStatus(await t.request({ method: 'POST', url: '/api/records/deal', payload: { name: `${key}-binned`, stage: 'lost', amount: 1, owner_id: users[key].id } }), 201);
    expectStatus(await t.request({ method: 'DELETE', url: `/api/records/deal/${(res.json() as ApiRecord).id}` }), 204);
  }
  // The leaver owns records and is deactivated: their records stay inside their department's scope.
  expectStatus(await t.request({ method: 'PATCH', url: `/api/admin/users/${users.leaver.id}`, payload: { active: false } }), 200);
  return { t, departments, users, byId, departmentParents, roles, tokens: new Map() };
}

export async function tokenOf(world: World, key: UserKey): Promise<string> {
  let token = world.tokens.get(key);
  if (!token) {
    token = (await logIn(world.t, world.users[key].email, world.users[key].password)).token;
    world.tokens.set(key, token);
  }
  return token;
}

export async function setRoles(world: World, key: UserKey, roles: string[], permissionSets: string[] = []): Promise<void> {
  expectStatus(await world.t.request({ method: 'PATCH', url: `/api/admin/users/${world.users[key].id}`, payload: { roles, permission_sets: permissionSets } }), 200);
}

/** Every row of the deal table (recycle bin included), straight from PostgreSQL. */
export async function dealRows(world: World): Promise<Array<{ id: string; owner_id: string | null; deleted_at: Date | null; name: string }>> {
  const result = await world.t.engine.knex.raw<{ rows: Array<{ id: string; owner_id: string | null; deleted_at: Date | null; name: string }> }>(
    `select id, owner_id, deleted_at, name from ${qualify(world.t.tenant.schema, 'deal')} order by id`,
  );
  return result.rows;
}

// ---- the scope rules, computed independently over the seeded data ----

/** A department and every department below it. */
function subtree(world: World, root: string): Set<string> {
  const out = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, parent] of world.departmentParents) {
      if (parent && out.has(parent) && !out.has(id)) {
        out.add(id);
        grew = true;
      }
    }
  }
  return out;
}

/** The owners whose records one scope shows to a user; null for `all`. */
export function ownersInScope(world: World, userId: string, scope: Scope): Set<string> | null {
  const me = world.byId.get(userId);
  if (!me) throw new Error(`no user ${userId}`);
  const users = [...world.byId.values()];
  switch (scope) {
    case 'all':
      return null;
    case 'self':
      return new Set([userId]);
    case 'self_and_subordinates': {
      const out = new Set([userId]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const u of users) {
          if (u.managerId && out.has(u.managerId) && !out.has(u.id)) {
            out.add(u.id);
            grew = true;
          }
        }
      }
      return out;
    }
    case 'department':
    case 'department_and_subdepartments': {
      if (!me.departmentId) return new Set([userId]);
      const depts = scope === 'department' ? new Set([me.departmentId]) : subtree(world, me.departmentId);
      return new Set([userId, ...users.filter((u) => u.departmentId && depts.has(u.departmentId)).map((u) => u.id)]);
    }
  }
}

/** The union over a user's roles of the owners their scopes for deals show; null when one is `all`. */
export function ownersFor(world: World, userId: string, roleNames: string[], object = 'deal'): Set<string> | null {
  if (roleNames.length === 0) return new Set([userId]);
  const out = new Set<string>();
  for (const name of roleNames) {
    const role = world.roles.get(name);
    if (!role) throw new Error(`no role ${name}`);
    const scope = role.data_scopes?.[object] ?? role.default_scope ?? 'self';
    const owners = ownersInScope(world, userId, scope);
    if (owners === null) return null;
    for (const id of owners) out.add(id);
  }
  return out;
}

/** Object rights of a set of roles for deals, closed as the engine closes them (edit → read, delete → edit…). */
export function dealRights(world: World, roleNames: string[]): Record<'create' | 'read' | 'edit' | 'delete' | 'view_all' | 'modify_all', boolean> {
  const r = { create: false, read: false, edit: false, delete: false, view_all: false, modify_all: false };
  for (const name of roleNames) {
    const given = world.roles.get(name)?.object_rights.deal ?? {};
    for (const key of Object.keys(r) as Array<keyof typeof r>) r[key] = r[key] || given[key] === true;
  }
  if (r.modify_all) Object.assign(r, { read: true, edit: true, delete: true, view_all: true });
  if (r.delete) Object.assign(r, { read: true, edit: true });
  if (r.edit || r.create || r.view_all) r.read = true;
  return r;
}

/**
 * The keys a deal shows to a holder of these roles: system fields and fields, minus those every role
 * hides (a role that does not name a field shows it if it may read deals at all).
 */
export function dealKeys(world: World, roleNames: string[]): string[] {
  const access = (role: string, field: string) => world.roles.get(role)?.field_rights?.deal?.[field] ?? (dealRights(world, [role]).read ? 'read' : 'none');
  const keys = [...SYSTEM_KEYS, ...DEAL_FIELDS].filter((field) => field === 'id' || field === 'version' || roleNames.some((role) => access(role, field) !== 'none'));
  return keys.sort();
}

export function sortedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).sort();
}

export function expectSameIds(actual: string[], expected: string[], message?: string): void {
  expect([...actual].sort(), message).toEqual([...expected].sort());
}
