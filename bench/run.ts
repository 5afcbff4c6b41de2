// npm run bench: the generated API against a hand-written Fastify + pg baseline, in the same run, on the
// same database; plus the time to add a field to a 1,000,000-row object and the engine's resident memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { createKnex, createTenant, migrateGlobal, openDatabase, qualify } from '../engine/src/db/index.ts';
import { createUser, createSession } from '../engine/src/access/index.ts';
import { silentLogger } from '../engine/src/kernel/index.ts';
import { BENCH_OBJECT, fillBenchItems } from './seed.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BIG_ROWS = Number(process.env.BENCH_BIG_ROWS ?? 1_000_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const root = path.resolve(import.meta.dirname, '..');

function startServer(script: string, env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'engine/bin/run-ts.mjs'), script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function rssMiB(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function load(url: string, options: Partial<autocannon.Options> & { requests?: autocannon.Request[] }): Promise<{ rps: number; p99: number; errors: number; non2xx: number }> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, ...options }); // warm-up
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...options });
  return { rps: Math.round(result.requests.average), p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-'));
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir, logger: silentLogger });
  const knex = createKnex(db.url);
  const children: ChildProcess[] = [];
  try {
    await migrateGlobal(knex);
    const tenant = await createTenant(knex, `bench-${Date.now().toString(36)}`);
    const admin = await createUser(knex, tenant.schema, { email: 'bench@example.com', password: 'bench-password-1', isAdmin: true });
    const { token } = await createSession(knex, tenant, admin.id, 3600);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const engine = await startServer('bench/servers/engine-server.ts', { DATABASE_URL: db.url, PORT: '3901' });
    children.push(engine);
    const baseline = await startServer('bench/servers/baseline-server.ts', { DATABASE_URL: db.url, PORT: '3902', BENCH_SCHEMA: tenant.schema });
    children.push(baseline);
    const engineUrl = 'http://127.0.0.1:3901';
    const created = await fetch(`${engineUrl}/api/meta/objects`, { method: 'POST', headers, body: JSON.stringify(BENCH_OBJECT) });
    if (created.status !== 201) throw new Error(`creating the bench object failed: ${await created.text()}`);
    console.log(`seeding ${ROWS} rows…`);
    await fillBenchItems(knex, tenant.schema, 'bench_item', ROWS, admin.id);
    const ids = (await knex.raw<{ rows: Array<{ id: string }> }>(`select id from ${qualify(tenant.schema, 'bench_item')} order by random() limit 1000`)).rows.map((r) => r.id);

    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'status' }, 'won'] }));
    const body = JSON.stringify({ name: 'New item', status: 'open', amount: 1234.5, quantity: 3, score: 12.5, active: true, due: '2026-12-01', email: 'new@example.com', notes: 'created by the bench', region: 'north' });
    const byId = (prefix: string): autocannon.Request[] => ids.map((id) => ({ method: 'GET', path: `${prefix}/${id}` }));
    const scenarios = [
      { name: 'get by id', engine: { requests: byId('/api/records/bench_item') }, baseline: { requests: byId('/base/bench_item') } },
      { name: 'list 50, picklist filter, sort by number', engine: { requests: [{ method: 'GET' as const, path: `/api/records/bench_item?filter=${filter}&sort=amount&limit=50` }] }, baseline: { requests: [{ method: 'GET' as const, path: '/base/bench_item?status=won' }] } },
      { name: 'create one', engine: { requests: [{ method: 'POST' as const, path: '/api/records/bench_item', body }] }, baseline: { requests: [{ method: 'POST' as const, path: '/base/bench_item', body }] } },
    ];
    const rows: Array<Record<string, string | number>> = [];
    for (const scenario of scenarios) {
      const e = await load(engineUrl, { headers, ...scenario.engine });
      const b = await load('http://127.0.0.1:3902', { headers, ...scenario.baseline });
      if (e.errors || e.non2xx || b.errors || b.non2xx) throw new Error(`${scenario.name}: errors or non-2xx responses (engine ${e.errors}/${e.non2xx}, baseline ${b.errors}/${b.non2xx})`);
      rows.push({ scenario: scenario.name, 'engine req/s': e.rps, 'engine p99 ms': e.p99, 'baseline req/s': b.rps, 'baseline p99 ms': b.p99, ratio: Number((e.rps / b.rps).toFixed(2)) });
    }
    console.table(rows);
    const engineRss = rssMiB(engine.pid);

    console.log(`seeding ${BIG_ROWS} rows for the add-field timing…`);
    const big = await fetch(`${engineUrl}/api/meta/objects`, { method: 'POST', headers, body: JSON.stringify({ ...BENCH_OBJECT, api_name: 'bench_big', label: { en: 'Big' } }) });
    if (big.status !== 201) throw new Error(await big.text());
    await fillBenchItems(knex, tenant.schema, 'bench_big', BIG_ROWS, admin.id);
    const started = performance.now();
    const added = await fetch(`${engineUrl}/api/meta/objects/bench_big/fields`, { method: 'POST', headers, body: JSON.stringify({ api_name: 'extra_note', type: 'text', label: { en: 'Extra note' } }) });
    const addFieldMs = Math.round(performance.now() - started);
    if (added.status !== 201) throw new Error(await added.text());
    const summary = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL',
      rows: ROWS,
      seconds: DURATION,
      connections: CONNECTIONS,
      scenarios: rows,
      add_field_ms_on_rows: { rows: BIG_ROWS, ms: addFieldMs },
      engine_rss_mib_after_load: engineRss,
    };
    console.log(`add a field to ${BIG_ROWS} rows: ${addFieldMs} ms (target < 1000 ms)`);
    console.log(`engine resident memory after the run: ${engineRss} MiB`);
    fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    const file = path.join(root, 'bench/results', `${summary.date.slice(0, 19).replace(/:/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(summary, null, 2));
    console.log(`written to ${path.relative(root, file)}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await knex.destroy();
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
