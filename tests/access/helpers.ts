import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestEngine } from '../support/engine.ts';

export interface LoggedIn {
  token: string;
  csrf: string;
  /** The Cookie header a browser would send after this login. */
  cookie: string;
  userId: string;
}

export function expectStatus(res: LightMyRequestResponse, status: number): LightMyRequestResponse {
  expect(res.statusCode, res.body).toBe(status);
  return res;
}

/** POST /api/auth/login in the test tenant, from `ip` (127.0.0.1 unless given). */
export function loginRequest(t: TestEngine, email: string, password: string, ip?: string): Promise<LightMyRequestResponse> {
  return t.request({ method: 'POST', url: '/api/auth/login', payload: { email, password, tenant: t.tenant.slug }, token: null, ...(ip ? { remoteAddress: ip } : {}) });
}

export async function logIn(t: TestEngine, email: string, password: string): Promise<LoggedIn> {
  const res = expectStatus(await loginRequest(t, email, password), 200);
  const body = res.json() as { token: string; csrf_token: string; user: { id: string } };
  const cookies = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { token: body.token, csrf: body.csrf_token, cookie: cookies, userId: body.user.id };
}

/** Creates a user through the admin API; returns it (with the password given). */
export async function adminCreateUser(t: TestEngine, payload: Record<string, unknown>): Promise<{ id: string; email: string } & Record<string, unknown>> {
  const res = expectStatus(await t.request({ method: 'POST', url: '/api/admin/users', payload }), 201);
  return res.json() as { id: string; email: string };
}

/** Audit entries of some kinds, newest first. */
export async function auditOf(t: TestEngine, kinds: string[]): Promise<Array<Record<string, unknown>>> {
  const res = expectStatus(await t.request({ method: 'GET', url: `/api/admin/audit?limit=500&kind=${kinds.join(',')}` }), 200);
  return (res.json() as { items: Array<Record<string, unknown>> }).items;
}
