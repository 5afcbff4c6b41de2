import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createEngine, type Engine } from '../../engine/src/http/index.ts';
import { createUser } from '../../engine/src/access/index.ts';
import { loadConfig, silentLogger, type TenantRef } from '../../engine/src/kernel/index.ts';
import type { Knex } from '../../engine/src/db/index.ts';
import { freshTenant, testDatabaseUrl, testKnex } from '../support/db.ts';

/** One engine instance: its own knex pool, model cache, LISTEN connection and Fastify app. */
interface Instance {
  name: string;
  engine: Engine;
  app: FastifyInstance;
  token: string;
}

const PASSWORD = 'two instances, one database';
let knex: Knex;
let tenant: TenantRef;
let a: Instance;
let b: Instance;
/** The LISTEN backends that appeared while A and B started: theirs (and, rarely, a parallel file's). */
let listenPids: number[] = [];

async function listenBackends(): Promise<number[]> {
  const result = await knex.raw<{ rows: Array<{ pid: number }> }>("select pid from pg_stat_activity where application_name = 'tessera-listen' and datname = current_database()");
  return result.rows.map((r) => r.pid);
}

async function startInstance(name: string): Promise<Instance> {
  const engine = await createEngine({ config: { ...loadConfig({}), databaseUrl: testDatabaseUrl() }, databaseUrl: testDatabaseUrl(), logger: silentLogger });
  const app = await buildApp(engine);
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `admin@${tenant.slug}.test`, password: PASSWORD, tenant: tenant.slug } });
  expect(login.statusCode, login.body).toBe(200);
  return { name, engine, app, token: (login.json() as { token: string }).token };
}

function call(instance: Instance, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object): Promise<LightMyRequestResponse> {
  return instance.app.inject({ method, url, payload, headers: { authorization: `Bearer ${instance.token}` } });
}

async function addField(instance: Instance, object: string, field: string): Promise<void> {
  const res = await call(instance, 'POST', `/api/meta/objects/${object}/fields`, { api_name: field, type: 'text' });
  expect(res.statusCode, res.body).toBe(201);
}

/** Polls `instance` every 50 ms with a record that uses `field` until it is accepted; returns the wait in ms. */
async function waitUntilAccepted(instance: Instance, object: string, field: string, limitMs: number): Promise<number> {
  const started = performance.now();
  let last: LightMyRequestResponse | undefined;
  while (performance.now() - started < limitMs) {
    last = await call(instance, 'POST', `/api/records/${object}`, { name: `via ${instance.name}`, [field]: 'x' });
    if (last.statusCode === 201) return Math.round(performance.now() - started);
    expect(last.statusCode, last.body).toBe(422);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${instance.name} still refuses "${field}" after ${limitMs} ms: ${last?.body}`);
}

/** B has served a record request, so it holds a compiled model of the object. */
async function warm(instance: Instance, object: string): Promise<void> {
  const res = await call(instance, 'POST', `/api/records/${object}`, { name: 'warm-up' });
  expect(res.statusCode, res.body).toBe(201);
}

beforeAll(async () => {
  knex = testKnex();
  tenant = await freshTenant(knex, 'multi');
  await createUser(knex, tenant.schema, { email: `admin@${tenant.slug}.test`, password: PASSWORD, isAdmin: true, name: 'Admin' });
  const before = new Set(await listenBackends());
  a = await startInstance('A');
  b = await startInstance('B');
  listenPids = (await listenBackends()).filter((pid) => !before.has(pid));
});

afterAll(async () => {
  for (const instance of [a, b]) {
    await instance?.app.close();
    await instance?.engine.close();
  }
  await knex?.destroy();
});

describe('two engine instances on one database', () => {
  it('B accepts a field added through A within one second', async () => {
    await call(a, 'POST', '/api/meta/objects', { api_name: 'ticket', label: 'Ticket' }).then((res) => expect(res.statusCode, res.body).toBe(201));
    await warm(b, 'ticket');
    const refused = await call(b, 'POST', '/api/records/ticket', { name: 'early', severity: 'x' });
    expect(refused.statusCode).toBe(422);

    await addField(a, 'ticket', 'severity');
    const waited = await waitUntilAccepted(b, 'ticket', 'severity', 5_000);
    console.log(`multi-instance: B accepted the field added through A after ${waited} ms`);
    expect(waited).toBeLessThan(1_000);

    // And the other way round, archiving included: B archives, A stops accepting the field.
    const archived = await call(b, 'DELETE', '/api/meta/objects/ticket/fields/severity');
    expect(archived.statusCode, archived.body).toBe(200);
    const started = performance.now();
    let res = await call(a, 'POST', '/api/records/ticket', { name: 'late', severity: 'x' });
    while (res.statusCode === 201 && performance.now() - started < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      res = await call(a, 'POST', '/api/records/ticket', { name: 'late', severity: 'x' });
    }
    console.log(`multi-instance: A refused the field archived through B after ${Math.round(performance.now() - started)} ms`);
    expect(res.statusCode).toBe(422);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('B picks up changes after its LISTEN connection is killed, even one made while it was reconnecting', async () => {
    expect(listenPids.length).toBeGreaterThanOrEqual(2);
    await call(a, 'POST', '/api/meta/objects', { api_name: 'invoice', label: 'Invoice' }).then((res) => expect(res.statusCode, res.body).toBe(201));
    await warm(b, 'invoice');

    // Kill the LISTEN backends of both instances; each must reconnect on its own.
    const killed = await knex.raw<{ rows: Array<{ ok: boolean }> }>('select pg_terminate_backend(pid) as ok from unnest(?::int[]) as pid', [listenPids]);
    expect(killed.rows.some((r) => r.ok)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // While B is not listening it caches the model again, and A changes it: that NOTIFY reaches no one.
    await warm(b, 'invoice');
    await addField(a, 'invoice', 'during_gap');
    const gap = await waitUntilAccepted(b, 'invoice', 'during_gap', 5_000);
    console.log(`multi-instance: after the kill, B accepted a field added while it reconnected after ${gap} ms`);

    // Reconnected: the next changes reach the other instance as fast as before, both ways.
    await addField(a, 'invoice', 'after_a');
    const viaA = await waitUntilAccepted(b, 'invoice', 'after_a', 5_000);
    await warm(a, 'invoice');
    await addField(b, 'invoice', 'after_b');
    const viaB = await waitUntilAccepted(a, 'invoice', 'after_b', 5_000);
    console.log(`multi-instance: after reconnecting, B saw A's change after ${viaA} ms and A saw B's after ${viaB} ms`);
    expect(viaA).toBeLessThan(1_000);
    expect(viaB).toBeLessThan(1_000);

    const now = await listenBackends();
    expect(now.filter((pid) => listenPids.includes(pid))).toEqual([]);
  });
});
