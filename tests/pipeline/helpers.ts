import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { TestEngine } from '../support/engine.ts';
import { logIn } from '../access/helpers.ts';

/** A logged-in user of the test tenant. */
export interface PipelineUser {
  id: string;
  token: string;
}

let counter = 0;

/**
 * A user created through the admin API (an administrator unless `roles` are given), logged in. Locale and
 * time zone are the user's own settings, which validation messages and rules follow.
 */
export async function makeUser(t: TestEngine, options: { roles?: string[]; locale?: 'en' | 'zh-CN'; time_zone?: string; name?: string } = {}): Promise<PipelineUser> {
  counter += 1;
  const email = `pipeline-${counter}-${Date.now().toString(36)}@${t.tenant.slug}.test`;
  const password = 'pipeline user password';
  const payload: Record<string, unknown> = { email, name: options.name ?? `User ${counter}`, password, is_admin: options.roles === undefined };
  if (options.roles) payload.roles = options.roles;
  if (options.locale) payload.locale = options.locale;
  if (options.time_zone) payload.time_zone = options.time_zone;
  const res = await t.request({ method: 'POST', url: '/api/admin/users', payload });
  expect(res.statusCode, res.body).toBe(201);
  const login = await logIn(t, email, password);
  return { id: login.userId, token: login.token };
}

/** Creates a role through the admin API. */
export async function makeRole(t: TestEngine, role: Record<string, unknown>): Promise<void> {
  const res = await t.request({ method: 'POST', url: '/api/admin/roles', payload: role });
  expect(res.statusCode, res.body).toBe(201);
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse, status: number): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

/** The date in an IANA time zone, 'YYYY-MM-DD', `days` later. */
export function dateIn(timeZone: string, days = 0, at = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const date = new Date(`${parts}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
