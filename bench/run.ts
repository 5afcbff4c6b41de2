// npm run bench: the generated API against a hand-written Fastify + pg baseline, in the same run, on the
// same database; plus the time to add a field to a 1,000,000-row object and the engine's resident memory.
import type autocannon from 'autocannon';
import { qualify } from '../engine/src/db/index.ts';
import { BENCH_OBJECT, fillBenchItems } from './seed.ts';
import { CONNECTIONS, DURATION, load, machine, openBenchWorld, rssMiB, writeResult } from './support.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BIG_ROWS = Number(process.env.BENCH_BIG_ROWS ?? 1_000_000);

async function main(): Promise<void> {
  const world = await openBenchWorld('api');
  const { knex, tenant } = world;
  try {
    const headers = { authorization: `Bearer ${world.adminToken}`, 'content-type': 'application/json' };
    const engine = await world.startServer('bench/servers/engine-server.ts', { PORT: '3901' });
    await world.startServer('bench/servers/baseline-server.ts', { PORT: '3902', BENCH_SCHEMA: tenant.schema });
    const engineUrl = 'http://127.0.0.1:3901';
    const created = await fetch(`${engineUrl}/api/meta/objects`, { method: 'POST', headers, body: JSON.stringify(BENCH_OBJECT) });
    if (created.status !== 201) throw new Error(`creating the bench object failed: ${await created.text()}`);
    console.log(`seeding ${ROWS} rows…`);
    await fillBenchItems(knex, tenant.schema, 'bench_item', ROWS, world.adminId);
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
    // BENCH_ONLY=list runs only the scenarios whose name contains it (profiling one path).
    for (const scenario of scenarios.filter((s) => !process.env.BENCH_ONLY || s.name.includes(process.env.BENCH_ONLY))) {
      const e = await load(engineUrl, { headers, ...scenario.engine }, `${scenario.name} (engine)`);
      const b = await load('http://127.0.0.1:3902', { headers, ...scenario.baseline }, `${scenario.name} (baseline)`);
      rows.push({ scenario: scenario.name, 'engine req/s': e.rps, 'engine p99 ms': e.p99, 'baseline req/s': b.rps, 'baseline p99 ms': b.p99, ratio: Number((e.rps / b.rps).toFixed(2)) });
    }
    console.table(rows);
    const engineRss = rssMiB(engine.pid);

    console.log(`seeding ${BIG_ROWS} rows for the add-field timing…`);
    const big = await fetch(`${engineUrl}/api/meta/objects`, { method: 'POST', headers, body: JSON.stringify({ ...BENCH_OBJECT, api_name: 'bench_big', label: { en: 'Big' } }) });
    if (big.status !== 201) throw new Error(await big.text());
    await fillBenchItems(knex, tenant.schema, 'bench_big', BIG_ROWS, world.adminId);
    const started = performance.now();
    const added = await fetch(`${engineUrl}/api/meta/objects/bench_big/fields`, { method: 'POST', headers, body: JSON.stringify({ api_name: 'extra_note', type: 'text', label: { en: 'Extra note' } }) });
    const addFieldMs = Math.round(performance.now() - started);
    if (added.status !== 201) throw new Error(await added.text());
    const summary = {
      date: new Date().toISOString(),
      machine: machine(),
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
    writeResult('', summary);
  } finally {
    await world.close();
  }
}

await main();
