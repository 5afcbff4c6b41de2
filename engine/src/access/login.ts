import { AppError, type TenantRef } from '../kernel/index.ts';
import { findTenant, type Knex } from '../db/index.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { findUserByEmail, type User } from './users.ts';
import { createSession } from './sessions.ts';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: User;
  tenant: TenantRef;
}

/** Checks email and password in the named tenant; one error for every failure so nothing is revealed. */
export async function login(db: Knex, input: { email: string; password: string; tenant: string }, ttlSeconds: number): Promise<LoginResult> {
  const tenant = await findTenant(db, input.tenant);
  const user = tenant ? await findUserByEmail(db, tenant.schema, input.email) : undefined;
  const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
  if (!tenant || !user || !user.active || !user.password_hash || !ok) throw new AppError('invalid_credentials');
  const session = await createSession(db, tenant, user.id, ttlSeconds);
  const { password_hash: _hidden, ...publicUser } = user;
  return { ...session, user: publicUser, tenant };
}
