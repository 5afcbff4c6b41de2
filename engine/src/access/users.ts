import { AppError, newId } from '../kernel/index.ts';
import { qualify, translatePgError, type Knex } from '../db/index.ts';
import { hashPassword } from './passwords.ts';

export interface User {
  id: string;
  email: string;
  name: string;
  is_admin: boolean;
  active: boolean;
  locale: string;
  time_zone: string;
}

export interface UserRow extends User {
  password_hash: string | null;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{1,63}$/;
const PUBLIC_COLUMNS = 'id, email, name, is_admin, active, locale, time_zone';

export async function createUser(db: Knex, schema: string, input: { email: string; name?: string; password: string; isAdmin?: boolean }): Promise<User> {
  const errors = [];
  if (!EMAIL.test(input.email)) errors.push({ field: 'email', message: 'must be an email address' });
  if (input.password.length < 8 || input.password.length > 256) errors.push({ field: 'password', message: 'must be 8 to 256 characters' });
  if (errors.length) throw new AppError('validation_failed', 'The user is not valid', { errors });
  const passwordHash = await hashPassword(input.password);
  try {
    const result = await db.raw<{ rows: User[] }>(
      `insert into ${qualify(schema, '_users')} (id, email, name, password_hash, is_admin) values (?, ?, ?, ?, ?) returning ${PUBLIC_COLUMNS}`,
      [newId(), input.email.trim(), input.name ?? input.email.split('@')[0] ?? input.email, passwordHash, input.isAdmin ?? false],
    );
    return result.rows[0] as User;
  } catch (err) {
    const translated = translatePgError(err);
    if (translated instanceof AppError && translated.code === 'unique_violation') throw new AppError('user_exists', `A user with the email ${input.email} already exists`, { errors: [{ field: 'email', message: 'is already registered' }] });
    throw translated;
  }
}

export async function findUserByEmail(db: Knex, schema: string, email: string): Promise<UserRow | undefined> {
  const result = await db.raw<{ rows: UserRow[] }>(`select ${PUBLIC_COLUMNS}, password_hash from ${qualify(schema, '_users')} where lower(email) = lower(?)`, [email]);
  return result.rows[0];
}

export async function countUsers(db: Knex, schema: string): Promise<number> {
  const result = await db.raw<{ rows: Array<{ n: number }> }>(`select count(*)::int as n from ${qualify(schema, '_users')}`);
  return result.rows[0]?.n ?? 0;
}
