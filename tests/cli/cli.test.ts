import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ensureDatabase } from '../../engine/src/db/index.ts';
import { runCli, spawnCli, type RunningCli } from '../support/spawn.ts';

const dirs: string[] = [];
const running: RunningCli[] = [];
const databases: string[] = [];

function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-cli-'));
  dirs.push(dir);
  return dir;
}

function start(env: Record<string, string>): RunningCli {
  const server = spawnCli(['start'], { PORT: '0', ...env });
  running.push(server);
  return server;
}

afterAll(async () => {
  for (const server of running) await server.dispose();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  if (databases.length) {
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    // Names are cli_<hex>, made below.
    for (const name of databases) await client.query(`drop database if exists "${name}" with (force)`);
    await client.end();
  }
}, 60_000);

async function login(baseUrl: string, email: string, password: string, tenant?: string): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, ...(tenant ? { tenant } : {}) }),
  });
  const body = (await res.json()) as { token?: string };
  return { status: res.status, ...(body.token ? { token: body.token } : {}) };
}

async function api(baseUrl: string, token: string, method: string, url: string, body?: object): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** The URL `tessera start` prints once it listens. */
async function urlOf(server: RunningCli): Promise<string> {
  const [, url] = await server.waitFor(/Tessera is running at (http:\/\/\S+)/);
  return url as string;
}

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const noStackTrace = /^\s+at .+:\d+:\d+\)?$/m;

describe('tessera CLI on the embedded PostgreSQL (no DATABASE_URL)', () => {
  it('creates tenants and users, reports errors with exit code 1, migrates, and works beside a running server', { timeout: 60_000 }, async () => {
    const dataDir = freshDataDir();
    const env = { TESSERA_DATA_DIR: dataDir };

    const tenant = await runCli(['tenant', 'create', 'acme'], env);
    expect(tenant.code, tenant.stderr).toBe(0);
    expect(tenant.stdout).toContain('acme');

    const withPassword = await runCli(['user', 'create', '--tenant', 'acme', '--email', 'a@acme.test', '--password', 'acme password one', '--admin'], env);
    expect(withPassword.code, withPassword.stderr).toBe(0);
    expect(withPassword.stdout).not.toMatch(/password/i);

    const generated = await runCli(['user', 'create', '--tenant', 'acme', '--email', 'b@acme.test'], env);
    expect(generated.code, generated.stderr).toBe(0);
    const printed = /Password \(shown once\): (\S+)/.exec(generated.stdout)?.[1];
    expect(printed, generated.stdout).toMatch(/^\S{12,}$/);
    expect(generated.stdout.split(printed as string)).toHaveLength(2); // printed exactly once

    const duplicate = await runCli(['user', 'create', '--tenant', 'acme', '--email', 'a@acme.test', '--password', 'another one'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/a@acme\.test already exists/);
    expect(duplicate.stderr).not.toMatch(noStackTrace);

    const noTenant = await runCli(['user', 'create', '--tenant', 'nope', '--email', 'x@nope.test', '--password', 'whatever pw'], env);
    expect(noTenant.code).toBe(1);
    expect(noTenant.stderr).toContain('There is no tenant "nope"');

    const badSlug = await runCli(['tenant', 'create', 'Bad_Slug!'], env);
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toMatch(/invalid_tenant_slug: A tenant slug is/);
    expect(badSlug.stderr).not.toMatch(noStackTrace);

    const sameTenant = await runCli(['tenant', 'create', 'acme'], env);
    expect(sameTenant.code).toBe(1);
    expect(sameTenant.stderr).toContain('"acme" already exists');

    const migrate = await runCli(['migrate'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('acme: up to date');

    // Each command stopped the database it started.
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    // A first start with TESSERA_ADMIN_PASSWORD: that password works and none is printed.
    const server = start({ ...env, TESSERA_ADMIN_EMAIL: 'boss@acme.test', TESSERA_ADMIN_PASSWORD: 'the chosen admin password' });
    const url = await urlOf(server);
    await server.waitFor(/First admin: boss@acme\.test/);
    expect(server.output()).not.toMatch(/password/i);
    expect((await login(url, 'boss@acme.test', 'the chosen admin password')).status).toBe(200);

    // The users made by the CLI log into the server.
    expect((await login(url, 'a@acme.test', 'acme password one', 'acme')).status).toBe(200);
    expect((await login(url, 'b@acme.test', printed as string, 'acme')).status).toBe(200);
    expect((await login(url, 'b@acme.test', 'not the password', 'acme')).status).toBe(401);

    // The CLI beside the running server shares its database and leaves it running.
    const beside = await runCli(['user', 'create', '--tenant', 'acme', '--email', 'c@acme.test', '--password', 'created beside'], env);
    expect(beside.code, beside.stderr).toBe(0);
    expect((await login(url, 'c@acme.test', 'created beside', 'acme')).status).toBe(200);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);

    // SIGTERM to the CLI alone (a service manager's stop): it still stops its database.
    const stopped = await server.stop('SIGTERM', { to: 'process' });
    expect(stopped.code, server.output()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });
});

describe('quick start: tessera start', () => {
  it('prints the login on first start, stops cleanly on Ctrl-C and reuses its data on the second start', { timeout: 60_000 }, async () => {
    const dataDir = freshDataDir();
    const first = start({ TESSERA_DATA_DIR: dataDir });
    const url = await urlOf(first);
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(url).not.toBe('http://localhost:0');
    const email = (await first.waitFor(/First admin: (\S+)/))[1] as string;
    expect(email).toBe('admin@tessera.local');
    const password = (await first.waitFor(/Password \(shown once, change it\): (\S+)/))[1] as string;

    const session = await login(url, email, password);
    expect(session.status).toBe(200);
    const token = session.token as string;
    const object = await api(url, token, 'POST', '/api/meta/objects', { api_name: 'project', label: { en: 'Project', 'zh-CN': '项目' } });
    expect(object.status, JSON.stringify(object.json)).toBe(201);
    const record = await api(url, token, 'POST', '/api/records/project', { name: 'Apollo' });
    expect(record.status, JSON.stringify(record.json)).toBe(201);

    const pid = postmasterPid(dataDir);
    expect(alive(pid)).toBe(true);
    const stopped = await first.stop('SIGINT', { timeoutMs: 15_000 });
    console.log(`quick start: Ctrl-C stopped Tessera and its database in ${stopped.ms} ms`);
    expect(stopped.code, first.output()).toBe(0);
    expect(stopped.ms).toBeLessThan(15_000);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(alive(pid)).toBe(false);

    const second = start({ TESSERA_DATA_DIR: dataDir });
    const url2 = await urlOf(second);
    await second.waitFor(/Log in with the admin account created on first start/);
    expect(second.output()).not.toMatch(/Password/);
    const again = await login(url2, email, password);
    expect(again.status).toBe(200);
    const list = await api(url2, again.token as string, 'GET', '/api/records/project');
    expect(list.status).toBe(200);
    expect((list.json.items as Array<{ name: string }>).map((r) => r.name)).toEqual(['Apollo']);
    const stoppedAgain = await second.stop('SIGINT', { timeoutMs: 15_000 });
    expect(stoppedAgain.code, second.output()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  it('uses DATABASE_URL instead of a data directory when it is set', { timeout: 60_000 }, async () => {
    const name = `cli_${crypto.randomBytes(5).toString('hex')}`;
    const serverUrl = inject('databaseUrl');
    await ensureDatabase(serverUrl, name);
    databases.push(name);
    const databaseUrl = new URL(serverUrl);
    databaseUrl.pathname = `/${name}`;
    const dataDir = path.join(freshDataDir(), 'unused');

    const migrate = await runCli(['migrate'], { DATABASE_URL: databaseUrl.href, TESSERA_DATA_DIR: dataDir });
    expect(migrate.code, migrate.stderr).toBe(0);

    const server = start({ DATABASE_URL: databaseUrl.href, TESSERA_DATA_DIR: dataDir });
    const url = await urlOf(server);
    await server.waitFor(/Database: DATABASE_URL/);
    const password = (await server.waitFor(/Password \(shown once, change it\): (\S+)/))[1] as string;
    expect((await login(url, 'admin@tessera.local', password)).status).toBe(200);
    const stopped = await server.stop('SIGINT');
    expect(stopped.code, server.output()).toBe(0);
    expect(fs.existsSync(dataDir)).toBe(false);

    // The tenant and its admin live in that database.
    const client = new pg.Client({ connectionString: databaseUrl.href });
    await client.connect();
    try {
      const tenants = await client.query<{ slug: string }>('select slug from tessera.tenants');
      expect(tenants.rows.map((r) => r.slug)).toEqual(['default']);
    } finally {
      await client.end();
    }
  });
});
