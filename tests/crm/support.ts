import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { qualify } from '../../engine/src/db/index.ts';
import { startTestEngine, type TestEngine } from '../support/engine.ts';
import { problemOf, type ApiRecord } from '../support/record-helpers.ts';
import { CRM_PACKAGE, install } from '../transfer/support.ts';

export const PASSWORD = 'crm demo password 2026';

/** A fresh tenant with the CRM package and its demo data installed (one per test file: ~10 s or more). */
export async function startCrm(): Promise<TestEngine> {
  const t = await startTestEngine();
  const actorId = (await t.request({ method: 'GET', url: '/api/auth/me' })).json<{ id: string }>().id;
  const report = await install(t.engine.knex, CRM_PACKAGE, { tenant: t.tenant, actorId });
  t.engine.models.invalidate(t.tenant.slug, report.metadata.version);
  return t;
}

export interface DemoUser {
  id: string;
  email: string;
  token: string;
}

/** A demo user given a password by the admin (PATCH /api/admin/users/:id), then logged in. */
export async function loginAs(t: TestEngine, local: string): Promise<DemoUser> {
  const email = `${local}@demo.tessera.local`;
  const found = await t.request({ method: 'GET', url: `/api/admin/users?q=${encodeURIComponent(email)}` });
  const id = found.json<{ items: Array<{ id: string; email: string }> }>().items.find((u) => u.email === email)?.id;
  if (!id) throw new Error(`no demo user ${email}`);
  const set = await t.request({ method: 'PATCH', url: `/api/admin/users/${id}`, payload: { password: PASSWORD } });
  expect(set.statusCode, set.body).toBe(200);
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD, tenant: t.tenant.slug } });
  expect(login.statusCode, login.body).toBe(200);
  return { id, email, token: login.json<{ token: string }>().token };
}

/** A client acting as one user: create, read, update, list, count. */
export function client(t: TestEngine, token?: string) {
  const ok = (res: LightMyRequestResponse, status: number, what: string) => {
    if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode}: ${res.body}`);
    return res.json<ApiRecord>();
  };
  return {
    post: (object: string, payload: Record<string, unknown>) => t.request({ method: 'POST', url: `/api/records/${object}`, payload, token }),
    patch: (object: string, id: string, payload: Record<string, unknown>) => t.request({ method: 'PATCH', url: `/api/records/${object}/${id}`, payload, token }),
    async create(object: string, payload: Record<string, unknown>): Promise<ApiRecord> {
      return ok(await this.post(object, payload), 201, `create ${object}`);
    },
    async update(object: string, id: string, payload: Record<string, unknown>): Promise<ApiRecord> {
      return ok(await this.patch(object, id, payload), 200, `update ${object}`);
    },
    async get(object: string, id: string): Promise<ApiRecord> {
      return ok(await t.request({ method: 'GET', url: `/api/records/${object}/${id}`, token }), 200, `get ${object}`);
    },
    async list(object: string, params: Record<string, string> = {}): Promise<ApiRecord[]> {
      const res = await t.request({ method: 'GET', url: `/api/records/${object}?${new URLSearchParams({ limit: '500', ...params }).toString()}`, token });
      if (res.statusCode !== 200) throw new Error(`list ${object}: ${res.statusCode} ${res.body}`);
      return res.json<{ items: ApiRecord[] }>().items;
    },
    async count(object: string, filter?: unknown): Promise<number> {
      const query = filter === undefined ? '' : `?filter=${encodeURIComponent(JSON.stringify(filter))}`;
      const res = await t.request({ method: 'GET', url: `/api/records/${object}/count${query}`, token });
      if (res.statusCode !== 200) throw new Error(`count ${object}: ${res.statusCode} ${res.body}`);
      return res.json<{ count: number }>().count;
    },
  };
}

/** A 422 refusal naming `field` with the rule's `code`; returns that error's message. */
export function refusedBy(res: LightMyRequestResponse, field: string, code: string): string {
  expect(res.statusCode, res.body).toBe(422);
  const problem = problemOf(res);
  expect(problem.code).toBe('validation_failed');
  const error = problem.errors?.find((e) => e.code === code);
  expect(error, `${code} in ${res.body}`).toMatchObject({ field, code });
  return error?.message ?? '';
}

/** Plain SQL on the test tenant (to compute what the API should answer from the demo data). */
export async function sql<T = Record<string, unknown>>(t: TestEngine, text: string, bindings: unknown[] = []): Promise<T[]> {
  const tables = text.replace(/\{(\w+)\}/g, (_m, name: string) => qualify(t.tenant.schema, name));
  return (await t.engine.knex.raw<{ rows: T[] }>(tables, bindings as never[])).rows;
}

export async function sqlCount(t: TestEngine, text: string, bindings: unknown[] = []): Promise<number> {
  return Number((await sql<{ n: number }>(t, text, bindings))[0]?.n);
}
