import { AppError, isUuid, newId, type FieldError } from '../kernel/index.ts';
import { chainUp } from './chain-up.ts';
import { qualify, quoteIdent, type Knex } from '../db/index.ts';
import { userCreateSchema, userPatchSchema } from './admin-schemas.ts';
import { checkInput, failIfAny } from './input.ts';
import { hashPassword } from './passwords.ts';
import { EMAIL, getUser, userExists, userSelect, type User } from './users.ts';
import { grantIdsByName } from './grant-store.ts';
import { revokeUserSessions } from './sessions.ts';
import { recordAudit } from './audit-log.ts';
import type { AdminContext } from './admin-context.ts';

interface UserInput {
  email?: string;
  name?: string;
  password?: string;
  phone?: string | null;
  department_id?: string | null;
  manager_id?: string | null;
  roles?: string[];
  permission_sets?: string[];
  is_admin?: boolean;
  active?: boolean;
  locale?: string;
  time_zone?: string;
}

export interface UserListQuery {
  limit: number;
  cursor?: string | undefined;
  active?: boolean | undefined;
  departmentId?: string | undefined;
  /** Part of a name or email. */
  q?: string | undefined;
}

function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Users ordered by creation (their uuid v7 id), keyset-paged. */
export async function listUsers(db: Knex, schema: string, query: UserListQuery): Promise<{ items: User[]; next_cursor: string | null }> {
  const where: string[] = [];
  const bindings: unknown[] = [];
  if (query.active !== undefined) {
    where.push('u.active = ?');
    bindings.push(query.active);
  }
  if (query.departmentId !== undefined) {
    where.push('u.department_id = ?');
    bindings.push(query.departmentId);
  }
  if (query.q) {
    where.push(`(u.name ilike ? escape '\\' or u.email ilike ? escape '\\')`);
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    bindings.push(pattern, pattern);
  }
  if (query.cursor !== undefined) {
    const after = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!isUuid(after)) throw new AppError('invalid_cursor', 'The cursor is not one this API returned', { errors: [{ field: 'cursor', message: 'is not a cursor of this list' }] });
    where.push('u.id > ?');
    bindings.push(after);
  }
  const rows = (await db.raw<{ rows: User[] }>(`${userSelect(schema, where.length ? `where ${where.join(' and ')}` : '')} order by u.id limit ?`, [...bindings, query.limit + 1] as never[])).rows;
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > query.limit && last ? Buffer.from(last.id).toString('base64url') : null };
}

/** Profile, department and manager tree changes take turns per tenant: no manager cycle, always an active admin. */
async function lockUsers(trx: Knex.Transaction, schema: string): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`tessera:users:${schema}`]);
}

async function exists(trx: Knex, schema: string, table: string, id: string): Promise<boolean> {
  return (await trx.raw<{ rows: unknown[] }>(`select 1 from ${qualify(schema, table)} where id = ? for key share`, [id])).rows.length > 0;
}

/** Semantic checks that need the database: references, cycles, names of roles and permission sets. */
async function checkReferences(trx: Knex, schema: string, input: UserInput, selfId: string | undefined, errors: FieldError[]) {
  if (input.email !== undefined && !EMAIL.test(input.email.trim())) errors.push({ field: 'email', message: 'must be an email address' });
  if (input.name !== undefined && input.name.trim() === '') errors.push({ field: 'name', message: 'must not be blank' });
  if (input.time_zone !== undefined && !isTimeZone(input.time_zone)) errors.push({ field: 'time_zone', message: 'must be an IANA time zone such as Europe/Paris or Asia/Shanghai' });
  if (input.department_id && !(await exists(trx, schema, '_departments', input.department_id))) errors.push({ field: 'department_id', message: 'is not a department' });
  if (input.manager_id) {
    if (input.manager_id === selfId) errors.push({ field: 'manager_id', message: 'cannot be the user themself' });
    else if (!(await exists(trx, schema, '_users', input.manager_id))) errors.push({ field: 'manager_id', message: 'is not a user' });
    else if (selfId && (await chainUp(trx, schema, '_users', 'manager_id', input.manager_id)).includes(selfId)) errors.push({ field: 'manager_id', message: 'reports to this user already (a cycle)' });
  }
  const roleIds = input.roles ? await grantIdsByName(trx, schema, 'role', input.roles, 'roles', errors) : undefined;
  const setIds = input.permission_sets ? await grantIdsByName(trx, schema, 'permission_set', input.permission_sets, 'permission_sets', errors) : undefined;
  return { roleIds, setIds };
}

async function replaceGrants(trx: Knex, schema: string, userId: string, roleIds: string[] | undefined, setIds: string[] | undefined): Promise<void> {
  if (roleIds) {
    await trx.raw(`delete from ${qualify(schema, '_user_roles')} where user_id = ?`, [userId]);
    for (const id of roleIds) await trx.raw(`insert into ${qualify(schema, '_user_roles')} (user_id, role_id) values (?, ?)`, [userId, id]);
  }
  if (setIds) {
    await trx.raw(`delete from ${qualify(schema, '_user_permission_sets')} where user_id = ?`, [userId]);
    for (const id of setIds) await trx.raw(`insert into ${qualify(schema, '_user_permission_sets')} (user_id, permission_set_id) values (?, ?)`, [userId, id]);
  }
}

const PROFILE_COLUMNS = ['email', 'name', 'phone', 'department_id', 'manager_id', 'is_admin', 'active', 'locale', 'time_zone'] as const;

function profileValues(input: UserInput): Array<[string, unknown]> {
  return PROFILE_COLUMNS.filter((c) => input[c] !== undefined).map((c) => {
    const value = input[c];
    return [c, typeof value === 'string' && (c === 'email' || c === 'name') ? value.trim() : value];
  });
}

export async function createUserByAdmin(db: Knex, schema: string, body: unknown, ctx: AdminContext): Promise<User> {
  const input = checkInput<UserInput>(userCreateSchema, body, 'user');
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const id = newId();
  return db.transaction(async (trx) => {
    await lockUsers(trx, schema);
    const errors: FieldError[] = [];
    const { roleIds, setIds } = await checkReferences(trx, schema, input, undefined, errors);
    failIfAny(errors, 'user');
    const values: Array<[string, unknown]> = [['id', id], ['password_hash', passwordHash], ...profileValues(input)];
    try {
      await trx.raw(`insert into ${qualify(schema, '_users')} (${values.map(([c]) => quoteIdent(c)).join(', ')}) values (${values.map(() => '?').join(', ')})`, values.map(([, v]) => v) as never[]);
    } catch (err) {
      throw userExists(err, input.email ?? '');
    }
    await replaceGrants(trx, schema, id, roleIds, setIds);
    const created = await getUser(trx, schema, id);
    await recordAudit(trx, schema, { kind: 'user_created', actorId: ctx.actorId, origin: ctx.origin, userId: id, email: created.email, after: created });
    return created;
  });
}

async function activeAdminsBesides(trx: Knex, schema: string, id: string): Promise<number> {
  const rows = (await trx.raw<{ rows: Array<{ n: number }> }>(`select count(*)::int as n from ${qualify(schema, '_users')} where is_admin and active and id <> ?`, [id])).rows;
  return rows[0]?.n ?? 0;
}

/**
 * Changes a profile, its roles and permission sets, its admin flag or its password. `active: false`
 * deactivates: the user's sessions end at once and their API keys stop working.
 */
export async function updateUserByAdmin(db: Knex, schema: string, id: string, body: unknown, ctx: AdminContext): Promise<User> {
  await getUser(db, schema, id);
  const input = checkInput<UserInput>(userPatchSchema, body, 'user');
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return db.transaction(async (trx) => {
    await lockUsers(trx, schema);
    const before = await getUser(trx, schema, id);
    const errors: FieldError[] = [];
    const { roleIds, setIds } = await checkReferences(trx, schema, input, id, errors);
    const losesAdmin = before.is_admin && before.active && (input.active === false || input.is_admin === false);
    if (losesAdmin && (await activeAdminsBesides(trx, schema, id)) === 0) {
      errors.push({ field: input.active === false ? 'active' : 'is_admin', message: 'would leave the tenant without an active administrator' });
    }
    failIfAny(errors, 'user');
    const values = profileValues(input);
    if (passwordHash !== undefined) values.push(['password_hash', passwordHash]);
    try {
      await trx.raw(`update ${qualify(schema, '_users')} set ${[...values.map(([c]) => `${quoteIdent(c)} = ?`), 'updated_at = now()'].join(', ')} where id = ?`, [...values.map(([, v]) => v), id] as never[]);
    } catch (err) {
      throw userExists(err, input.email ?? '');
    }
    await replaceGrants(trx, schema, id, roleIds, setIds);
    if (input.active === false || passwordHash !== undefined) await revokeUserSessions(trx, schema, id);
    const after = await getUser(trx, schema, id);
    await recordAudit(trx, schema, {
      kind: 'user_updated',
      actorId: ctx.actorId,
      origin: ctx.origin,
      userId: id,
      email: after.email,
      before,
      after,
      ...(passwordHash !== undefined ? { detail: { password_set: true } } : {}),
    });
    return after;
  });
}
