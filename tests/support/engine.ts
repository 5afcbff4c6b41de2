import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, createEngine, type Engine } from '../../engine/src/http/index.ts';
import { createUser } from '../../engine/src/access/index.ts';
import { loadConfig, silentLogger, type EngineConfig, type TenantRef } from '../../engine/src/kernel/index.ts';
import { freshTenant, testDatabaseUrl, testKnex } from './db.ts';

export interface TestEngine {
  app: FastifyInstance;
  engine: Engine;
  tenant: TenantRef;
  /** Bearer token of the tenant's admin. */
  token: string;
  adminEmail: string;
  adminPassword: string;
  /** fastify.inject with the admin's bearer token (pass `token: null` for none, or another token). */
  request(options: InjectOptions & { token?: string | null }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const ADMIN_PASSWORD = 'correct horse battery staple';

/** A real engine (real PostgreSQL, real Fastify) on a tenant of its own, with a logged-in admin. */
export async function startTestEngine(options: { tenant?: TenantRef; config?: Partial<EngineConfig> } = {}): Promise<TestEngine> {
  const knex = testKnex();
  const tenant = options.tenant ?? (await freshTenant(knex));
  const adminEmail = `admin@${tenant.slug}.test`;
  await createUser(knex, tenant.schema, { email: adminEmail, password: ADMIN_PASSWORD, isAdmin: true, name: 'Admin' });
  await knex.destroy();
  const engine = await createEngine({ config: { ...loadConfig({}), databaseUrl: testDatabaseUrl(), ...options.config }, databaseUrl: testDatabaseUrl(), logger: silentLogger });
  const app = await buildApp(engine);
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: adminEmail, password: ADMIN_PASSWORD, tenant: tenant.slug } });
  if (login.statusCode !== 200) throw new Error(`test login failed: ${login.body}`);
  const token = (login.json() as { token: string }).token;
  return {
    app,
    engine,
    tenant,
    token,
    adminEmail,
    adminPassword: ADMIN_PASSWORD,
    request(opts) {
      const { token: override, ...rest } = opts;
      const bearer = override === undefined ? token : override;
      const headers = { ...(rest.headers ?? {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) };
      return app.inject({ ...rest, headers });
    },
    async close() {
      await app.close();
      await engine.close();
    },
  };
}
