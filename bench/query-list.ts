// npm run bench:query: the query engine at 1,000,000 rows — a list filtered on two indexed fields
// (JSON-logic `and` of an equality and a range), sorted, 50 rows — against the same SQL written by hand
// in a plain Fastify + pg server, in the same run. Target (issue 3): engine req/s ≥ 0.8 × hand-written.
import { qualify } from '../engine/src/db/index.ts';
import { BENCH_OBJECT, fillBenchItems } from './seed.ts';
import { DURATION, CONNECTIONS, load, machine, openBenchWorld, writeResult } from './support.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const TARGET = 0.8;

const world = await openBenchWorld('query');
try {
  const headers = { authorization: `Bearer ${world.adminToken}`, 'content-type': 'application/json' };
  await world.startServer('bench/servers/engine-server.ts', { PORT: '3911' });
  await world.startServer('bench/servers/baseline-server.ts', { PORT: '3912', BENCH_SCHEMA: world.tenant.schema });
  const created = await fetch('http://127.0.0.1:3911/api/meta/objects', { method: 'POST', headers, body: JSON.stringify(BENCH_OBJECT) });
  if (created.status !== 201) throw new Error(`creating the bench object failed: ${await created.text()}`);
  console.log(`seeding ${ROWS} rows…`);
  await fillBenchItems(world.knex, world.tenant.schema, 'bench_item', ROWS, world.adminId);
  await world.knex.raw(`vacuum (analyze) ${qualify(world.tenant.schema, 'bench_item')}`);

  const filter = { and: [{ '==': [{ var: 'status' }, 'won'] }, { '>=': [{ var: 'amount' }, 50000] }] };
  const enginePath = `/api/records/bench_item?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=-amount&limit=50`;
  const basePath = '/base/bench_item/two-fields?status=won&min=50000';
  // Both must answer the same 50 rows before they are timed.
  const first = async (url: string) => ((await (await fetch(url, { headers })).json()) as { items: Array<{ id: string }> }).items.map((r) => r.id);
  const [a, b] = [await first(`http://127.0.0.1:3911${enginePath}`), await first(`http://127.0.0.1:3912${basePath}`)];
  if (a.length !== 50 || a.join() !== b.join()) throw new Error('the engine and the baseline disagree on the page');

  const engine = await load('http://127.0.0.1:3911', { headers, requests: [{ method: 'GET', path: enginePath }] }, 'engine');
  const baseline = await load('http://127.0.0.1:3912', { headers, requests: [{ method: 'GET', path: basePath }] }, 'baseline');
  const ratio = Number((engine.rps / baseline.rps).toFixed(2));
  console.table([
    { server: 'engine', 'req/s': engine.rps, 'p95 ms': engine.p95, 'p99 ms': engine.p99 },
    { server: 'hand-written', 'req/s': baseline.rps, 'p95 ms': baseline.p95, 'p99 ms': baseline.p99 },
  ]);
  console.log(`engine / hand-written = ${ratio} (target ≥ ${TARGET}): ${ratio >= TARGET ? 'met' : 'NOT met'}`);
  writeResult('query-list-', { date: new Date().toISOString(), machine: machine(), database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL', rows: ROWS, seconds: DURATION, connections: CONNECTIONS, filter, sort: '-amount', engine, baseline, ratio, target: TARGET });
} finally {
  await world.close();
}
