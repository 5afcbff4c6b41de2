export { hashPassword, verifyPassword } from './passwords.ts';
export { createUser, findUserByEmail, countUsers } from './users.ts';
export type { User } from './users.ts';
export { SESSION_COOKIE, createSession, createSessionResolver } from './sessions.ts';
export type { SessionResolver } from './sessions.ts';
export { login } from './login.ts';
export type { LoginResult } from './login.ts';
