import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureDatabase, type Knex } from '../../engine/src/db/index.ts';
import type { TenantRef } from '../../engine/src/kernel/index.ts';
import { freshTenant, testKnex } from '../support/db.ts';
import { runCli, spawnCli, type RunningCli } from '../support/spawn.ts';
import { addAdmin, manifest, removePackages, tenantState, writePackage } from './support.ts';

const noStackTrace = /^\s+at .+:\d+:\d+\)?$/m;
const databases: string[] = [];
const running: RunningCli[] = [];
let knex: Knex;
let tenant: TenantRef;

beforeAll(async () => {
  knex = testKnex();
  tenant = await freshTenant(knex, 'pkgcli');
  await addAdmin(knex, tenant);
});

afterAll(async () => {
  for (const server of running) await server.dispose();
  removePackages();
  await knex.destroy();
  if (databases.length) {
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    // Names are pkg_<hex>, made below.
    for (const name of databases) await client.query(`drop database if exists "${name}" with (force)`);
    await client.end();
  }
}, 60_000);

const env = () => ({ DATABASE_URL: inject('databaseUrl') });

/** A database of its own, so `start` meets a server with no default tenant yet. */
async function freshDatabase(): Promise<string> {
  const name = `pkg_${crypto.randomBytes(5).toString('hex')}`;
  await ensureDatabase(inject('databaseUrl'), name);
  databases.push(name);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${name}`;
  return url.href;
}

async function api(baseUrl: string, token: string, url: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe('tessera package install', () => {
  it('installs seed-apps/crm into a tenant, says what it did, and changes nothing the second time', { timeout: 60_000 }, async () => {
    const first = await runCli(['package', 'install', 'seed-apps/crm', '--tenant', tenant.slug, '--no-sample-data'], env());
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Installed crm 1.0.0 (CRM / 客户关系管理) into tenant ${tenant.slug}`);
    expect(first.stdout).toMatch(/objects: 17 created \(campaign, contact, .*\), 0 changed; \d+ schema operations; metadata version 0 → 1/);
    expect(first.stdout).toContain('roles: 4 created (crm_admin, sales_manager, sales_rep, service_agent)');
    expect(first.stdout).toContain('sample data: not installed (not requested)');
    const state = await tenantState(knex, tenant);
    expect(state).toMatchObject({ version: 1, roles: 4, departments: 0, packages: 1 });
    expect(state.tables).toHaveLength(17);

    const second = await runCli(['package', 'install', 'seed-apps/crm', '--tenant', tenant.slug, '--no-sample-data'], env());
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim()).toBe(`crm 1.0.0 (CRM / 客户关系管理) is already installed in tenant ${tenant.slug}: nothing changed.`);
    expect(await tenantState(knex, tenant)).toEqual(state);
  });

  it('reports a bad package, an unknown tenant and a tenant without admin with exit code 1 and no stack trace', { timeout: 60_000 }, async () => {
    const bad = writePackage({ 'manifest.json': manifest('one'), 'objects/gadget.json': { api_name: 'gadget', fields: [{ api_name: 'size' }] } });
    const invalid = await runCli(['package', 'install', bad, '--tenant', tenant.slug], env());
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^invalid_package: The package has 2 problem\(s\)/);
    expect(invalid.stderr).toContain('  manifest.json#version: must match pattern');
    expect(invalid.stderr).toContain('  objects/gadget.json#fields.0.type: is required');
    expect(invalid.stderr).not.toMatch(noStackTrace);

    const noTenant = await runCli(['package', 'install', 'seed-apps/crm', '--tenant', 'no-such-tenant'], env());
    expect(noTenant.code).toBe(1);
    expect(noTenant.stderr).toContain('There is no tenant "no-such-tenant"');

    const empty = await freshTenant(knex, 'pkgnoadmin');
    const noAdmin = await runCli(['package', 'install', 'seed-apps/crm', '--tenant', empty.slug], env());
    expect(noAdmin.code).toBe(1);
    expect(noAdmin.stderr).toContain(`Tenant "${empty.slug}" has no active administrator to install as`);
    expect((await tenantState(knex, empty)).tables).toEqual([]);
  });
});

describe('first start seeds the default tenant with the CRM (TESSERA_SEED_CRM)', () => {
  it('installs the CRM with its demo data by default, and never again on later starts', { timeout: 300_000 }, async () => {
    const databaseUrl = await freshDatabase();
    const started = performance.now();
    const server = spawnCli(['start'], { PORT: '0', DATABASE_URL: databaseUrl });
    running.push(server);
    const [, url] = await server.waitFor(/Tessera is running at (http:\/\/\S+)/, 280_000);
    console.log(`first start with the CRM and its sample data: ${Math.round(performance.now() - started)} ms`);
    await server.waitFor(/Installed crm 1\.0\.0 \(CRM \/ 客户关系管理\) into tenant default/);
    await server.waitFor(/sample data: \d+ records/);
    const password = (await server.waitFor(/Password \(shown once, change it\): (\S+)/))[1] as string;
    const token = await login(url as string, 'admin@tessera.local', password);
    const tickets = await api(url as string, token, '/api/records/ticket?limit=500');
    expect(tickets.status).toBe(200);
    expect(tickets.json.items).toHaveLength(200);
    expect((await server.stop('SIGINT')).code, server.output()).toBe(0);

    const again = spawnCli(['start'], { PORT: '0', DATABASE_URL: databaseUrl });
    running.push(again);
    const [, againUrl] = await again.waitFor(/Tessera is running at (http:\/\/\S+)/);
    await again.waitFor(/Log in with the admin account created on first start/);
    expect(again.output()).not.toContain('crm');
    // Serving (and so past installing its signal handlers) before Ctrl-C.
    expect((await fetch(`${againUrl}/api/health`)).status).toBe(200);
    expect((await again.stop('SIGINT')).code, again.output()).toBe(0);
  });

  it('installs only the metadata with TESSERA_SEED_CRM=no-sample-data, and nothing with off', { timeout: 90_000 }, async () => {
    const bare = spawnCli(['start'], { PORT: '0', DATABASE_URL: await freshDatabase(), TESSERA_SEED_CRM: 'no-sample-data' });
    running.push(bare);
    const [, url] = await bare.waitFor(/Tessera is running at (http:\/\/\S+)/);
    await bare.waitFor(/sample data: not installed \(not requested\)/);
    const password = (await bare.waitFor(/Password \(shown once, change it\): (\S+)/))[1] as string;
    const token = await login(url as string, 'admin@tessera.local', password);
    expect(((await api(url as string, token, '/api/meta/objects')).json.items as unknown[]).length).toBe(17);
    expect((await api(url as string, token, '/api/records/customer')).json.items).toEqual([]);
    expect((await bare.stop('SIGINT')).code).toBe(0);

    const off = spawnCli(['start'], { PORT: '0', DATABASE_URL: await freshDatabase(), TESSERA_SEED_CRM: 'off' });
    running.push(off);
    const [, offUrl] = await off.waitFor(/Tessera is running at (http:\/\/\S+)/);
    const offPassword = (await off.waitFor(/Password \(shown once, change it\): (\S+)/))[1] as string;
    expect(off.output()).not.toContain('crm');
    const offToken = await login(offUrl as string, 'admin@tessera.local', offPassword);
    expect((await api(offUrl as string, offToken, '/api/meta/objects')).json.items).toEqual([]);
    expect((await off.stop('SIGINT')).code).toBe(0);
  });
});
