import { AppError, isUuid, newId } from '../kernel/index.ts';
import { qualify, translatePgError, type Knex } from '../db/index.ts';
import { hashPassword } from './passwords.ts';
import { checkNewPassword } from './password-policy.ts';

/** A user as the API shows it: never the password hash. */
export interface User {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  department_id: string | null;
  manager_id: string | null;
  /** Role api_names. */
  roles: string[];
  /** Permission set api_names. */
  permission_sets: string[];
  is_admin: boolean;
  active: boolean;
  locale: string;
  time_zone: string;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface UserRow extends User {
  password_hash: string | null;
}

export const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{1,63}$/;

/** The SELECT of users with their role and permission set names; `where` uses the alias `u`. */
export function userSelect(schema: string, where: string, withHash = false): string {
  return `select u.id, u.email, u.name, u.phone, u.department_id, u.manager_id, u.is_admin, u.active, u.locale, u.time_zone,
      u.last_login_at, u.created_at, u.updated_at${withHash ? ', u.password_hash' : ''},
      array(select r.api_name from ${qualify(schema, '_user_roles')} ur join ${qualify(schema, '_roles')} r on r.id = ur.role_id where ur.user_id = u.id order by r.api_name) as roles,
      array(select p.api_name from ${qualify(schema, '_user_permission_sets')} up join ${qualify(schema, '_permission_sets')} p on p.id = up.permission_set_id where up.user_id = u.id order by p.api_name) as permission_sets
    from ${qualify(schema, '_users')} u ${where}`;
}

/** Turns a unique violation on the email into the catalogue's user_exists. */
export function userExists(err: unknown, email: string): unknown {
  const translated = translatePgError(err);
  if (translated instanceof AppError && translated.code === 'unique_violation') {
    return new AppError('user_exists', `A user with the email ${email} already exists`, { errors: [{ field: 'email', message: 'is already registered' }] });
  }
  return translated;
}

/** Creates a user with a password (first admin, CLI, tests); the admin API adds the rest of the profile. */
export async function createUser(db: Knex, schema: string, input: { email: string; name?: string | undefined; password: string; isAdmin?: boolean }): Promise<User> {
  const errors = checkNewPassword(input.password, 'password');
  if (!EMAIL.test(input.email.trim())) errors.unshift({ field: 'email', message: 'must be an email address' });
  if (errors.length) throw new AppError('validation_failed', 'The user is not valid', { errors });
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  const email = input.email.trim();
  try {
    await db.raw(`insert into ${qualify(schema, '_users')} (id, email, name, password_hash, is_admin) values (?, ?, ?, ?, ?)`, [
      id,
      email,
      input.name ?? email.split('@')[0] ?? email,
      passwordHash,
      input.isAdmin ?? false,
    ]);
  } catch (err) {
    throw userExists(err, email);
  }
  return getUser(db, schema, id);
}

export async function getUser(db: Knex, schema: string, id: string): Promise<User> {
  const row = isUuid(id) ? (await db.raw<{ rows: User[] }>(userSelect(schema, 'where u.id = ?'), [id])).rows[0] : undefined;
  if (!row) throw new AppError('user_not_found');
  return row;
}

export async function findUserByEmail(db: Knex, schema: string, email: string): Promise<UserRow | undefined> {
  const result = await db.raw<{ rows: UserRow[] }>(userSelect(schema, 'where lower(u.email) = lower(?)', true), [email.trim()]);
  return result.rows[0];
}

export async function countUsers(db: Knex, schema: string): Promise<number> {
  const result = await db.raw<{ rows: Array<{ n: number }> }>(`select count(*)::int as n from ${qualify(schema, '_users')}`);
  return result.rows[0]?.n ?? 0;
}

/** Hides the hash of a user row. */
export function publicUser(row: UserRow): User {
  const { password_hash: _hidden, ...user } = row;
  return user;
}
