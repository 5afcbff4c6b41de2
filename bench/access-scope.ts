// The cost of data scopes: the same list (50 rows, sorted) for a sales rep whose role sees
// "department + sub-departments" and for an administrator, in the same run, on the same 1,000,000 rows
// owned by 500 users in a department tree. Target: the rep's time ≤ 1.3 × the admin's (rep req/s ≥ admin / 1.3).
import { qualify, type Knex } from '../engine/src/db/index.ts';
import { createSession } from '../engine/src/access/index.ts';
import { newId } from '../engine/src/kernel/index.ts';
import { BENCH_OBJECT } from './seed.ts';
import { CONNECTIONS, DURATION, load as loadUrl, machine, openBenchWorld, writeResult, type LoadResult } from './support.ts';

const ROWS = Number(process.env.BENCH_ACCESS_ROWS ?? 1_000_000);
const USERS = 500;
const ROUNDS = Number(process.env.BENCH_ACCESS_ROUNDS ?? 2);
const TARGET = 1.3;
const PORT = 3903;

const load = (url: string, token: string): Promise<LoadResult> => loadUrl(url, { headers: { authorization: `Bearer ${token}` } });

interface Tree {
  /** Department ids by level: 1 company, 5 regions, 20 areas, 60 teams. */
  levels: string[][];
  parent: Map<string, string | null>;
}

/** A company of four levels (86 departments) and 500 users: a lead per department, the rest in teams. */
async function seedCompany(knex: Knex, schema: string): Promise<{ tree: Tree; users: Array<{ id: string; department: string }> }> {
  const tree: Tree = { levels: [[newId()]], parent: new Map() };
  tree.parent.set(tree.levels[0]?.[0] as string, null);
  for (const width of [5, 4, 3]) {
    const level: string[] = [];
    for (const parent of tree.levels[tree.levels.length - 1] as string[]) {
      for (let i = 0; i < width; i += 1) {
        const id = newId();
        level.push(id);
        tree.parent.set(id, parent);
      }
    }
    tree.levels.push(level);
  }
  for (const [depth, level] of tree.levels.entries()) {
    for (const [i, id] of level.entries()) {
      await knex.raw(`insert into ${qualify(schema, '_departments')} (id, name, parent_id) values (?, ?, ?)`, [id, `L${depth} ${i}`, tree.parent.get(id) ?? null]);
    }
  }
  const users: Array<{ id: string; department: string; manager: string | null }> = [];
  const leadOf = new Map<string, string>();
  for (const level of tree.levels) {
    for (const department of level) {
      const parent = tree.parent.get(department);
      const id = newId();
      users.push({ id, department, manager: parent ? (leadOf.get(parent) ?? null) : null });
      leadOf.set(department, id);
    }
  }
  const teams = tree.levels[3] as string[];
  for (let i = 0; users.length < USERS; i += 1) {
    const department = teams[i % teams.length] as string;
    users.push({ id: newId(), department, manager: leadOf.get(department) ?? null });
  }
  for (const user of users) {
    await knex.raw(`insert into ${qualify(schema, '_users')} (id, email, name, department_id, manager_id) values (?, ?, ?, ?, ?)`, [user.id, `u${user.id}@bench.test`, `User ${user.id.slice(-6)}`, user.department, user.manager]);
  }
  return { tree, users };
}

/** 1,000,000 bench items owned round-robin by the 500 users, in one INSERT … SELECT. */
async function fillOwned(knex: Knex, schema: string, owners: string[], createdBy: string): Promise<void> {
  await knex.raw(
    `insert into ${qualify(schema, 'bench_item')} (id, created_by, updated_by, owner_id, name, status, amount, quantity, score, active, due, email, notes, region)
     select gen_random_uuid(), ?, ?, (?::uuid[])[1 + g % ?], 'Item ' || g,
            (array['new','open','won','lost','hold'])[1 + g % 5],
            round((random() * 100000)::numeric, 2), g % 1000, round((random() * 100)::numeric, 2), g % 2 = 0,
            date '2026-01-01' + (g % 365), 'user' || g || '@example.com', 'notes for item ' || g, 'region ' || (g % 50)
     from generate_series(1, ?) g`,
    [createdBy, createdBy, owners, owners.length, ROWS],
  );
  // Settled like a table that has lived a while: hint bits and the visibility map set, statistics fresh.
  await knex.raw(`vacuum (analyze) ${qualify(schema, 'bench_item')}`);
  await knex.raw('checkpoint').catch(() => undefined); // needs pg_checkpoint on a server of your own; harmless without
}

async function main(): Promise<void> {
  const world = await openBenchWorld('access');
  const { knex, tenant } = world;
  const adminToken = world.adminToken;
  try {
    await world.startServer('bench/servers/engine-server.ts', { PORT: String(PORT) });
    const base = `http://127.0.0.1:${PORT}`;
    const asAdmin = (method: string, url: string, body: unknown) =>
      fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const created = await asAdmin('POST', '/api/meta/objects', BENCH_OBJECT);
    if (created.status !== 201) throw new Error(`creating the bench object failed: ${await created.text()}`);
    const { tree, users } = await seedCompany(knex, tenant.schema);
    console.log(`seeding ${ROWS} rows owned by ${users.length} users in ${tree.parent.size} departments…`);
    await fillOwned(knex, tenant.schema, users.map((u) => u.id), world.adminId);

    const role = await asAdmin('POST', '/api/admin/roles', { api_name: 'sales_rep', object_rights: { bench_item: { create: true, edit: true } }, data_scopes: { bench_item: 'department_and_subdepartments' } });
    if (role.status !== 201) throw new Error(await role.text());
    // The rep leads an area (level 3): the area and its three teams are in scope.
    const area = tree.levels[2]?.[0] as string;
    const rep = users.find((u) => u.department === area) as { id: string };
    const assigned = await asAdmin('PATCH', `/api/admin/users/${rep.id}`, { roles: ['sales_rep'] });
    if (assigned.status !== 200) throw new Error(await assigned.text());
    const repToken = (await createSession(knex, tenant, rep.id, 3600)).token;
    const visible = (
      await knex.raw<{ rows: Array<{ n: number }> }>(
        `select count(*)::int as n from ${qualify(tenant.schema, 'bench_item')} b join ${qualify(tenant.schema, '_users')} u on u.id = b.owner_id
         where u.department_id = any(?::uuid[])`,
        [[area, ...[...tree.parent].filter(([, p]) => p === area).map(([id]) => id)]],
      )
    ).rows[0]?.n;

    const url = `${base}/api/records/bench_item?sort=amount&limit=50`;
    const check = async (token: string) => ((await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: unknown[] }).items.length;
    if ((await check(repToken)) !== 50 || (await check(adminToken)) !== 50) throw new Error('both lists must return 50 rows');

    // Alternate admin and rep so that both meet the same background noise; each figure is the mean of its rounds.
    const rounds: Record<'admin' | 'rep', LoadResult[]> = { admin: [], rep: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      rounds.admin.push(await load(url, adminToken));
      rounds.rep.push(await load(url, repToken));
    }
    const mean = (results: LoadResult[]) => ({
      rps: Math.round(results.reduce((sum, r) => sum + r.rps, 0) / results.length),
      mean: Number((results.reduce((sum, r) => sum + r.mean, 0) / results.length).toFixed(2)),
      p99: Math.max(...results.map((r) => r.p99)),
      perRound: results.map((r) => r.rps),
    });
    const a = mean(rounds.admin);
    const r = mean(rounds.rep);
    const ratio = Number((a.rps / r.rps).toFixed(2));
    const rows = [
      { who: 'admin (no filter)', 'req/s': a.rps, 'mean ms': a.mean, 'p99 ms': a.p99, 'req/s per round': a.perRound.join(' / ') },
      { who: `rep (department + sub-departments: ${visible} of ${ROWS} rows)`, 'req/s': r.rps, 'mean ms': r.mean, 'p99 ms': r.p99, 'req/s per round': r.perRound.join(' / ') },
    ];
    console.table(rows);
    console.log(`rep time / admin time = ${ratio} (target ≤ ${TARGET}): ${ratio <= TARGET ? 'met' : 'NOT met'}`);
    const summary = {
      date: new Date().toISOString(),
      machine: machine(),
      database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL',
      rows: ROWS,
      users: users.length,
      departments: tree.parent.size,
      rep_visible_rows: visible,
      list: 'GET /api/records/bench_item?sort=amount&limit=50',
      seconds: DURATION,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      results: rows,
      ratio,
      target: TARGET,
    };
    writeResult('access-scope-', summary);
  } finally {
    await world.close();
  }
}

await main();
