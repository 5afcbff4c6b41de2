// What every benchmark shares: a database (embedded or DATABASE_URL) with a fresh tenant and an admin
// session, engine and baseline servers as child processes, autocannon runs, and the results file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { createKnex, createTenant, GLOBAL_SCHEMA, migrateGlobal, openDatabase, quoteIdent, type Knex } from '../engine/src/db/index.ts';
import { createSession, createUser } from '../engine/src/access/index.ts';
import { silentLogger, type TenantRef } from '../engine/src/kernel/index.ts';

export const root = path.resolve(import.meta.dirname, '..');
export const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = 10;

export interface BenchWorld {
  url: string;
  knex: Knex;
  tenant: TenantRef;
  adminId: string;
  adminToken: string;
  /** Child processes started with startServer are stopped by close(). */
  startServer(script: string, env: Record<string, string>): Promise<ChildProcess>;
  close(): Promise<void>;
}

/** A database (embedded in a temporary folder unless DATABASE_URL), a fresh tenant and an admin with a session. */
export async function openBenchWorld(name: string): Promise<BenchWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tessera-bench-${name}-`));
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir, logger: silentLogger });
  const knex = createKnex(db.url);
  const children: ChildProcess[] = [];
  await migrateGlobal(knex);
  const tenant = await createTenant(knex, `bench-${name}-${Date.now().toString(36)}`);
  const admin = await createUser(knex, tenant.schema, { email: 'bench@example.com', password: 'bench-password-1', isAdmin: true });
  const { token } = await createSession(knex, tenant, admin.id, 3600);
  return {
    url: db.url,
    knex,
    tenant,
    adminId: admin.id,
    adminToken: token,
    startServer(script, env) {
      return new Promise((resolve, reject) => {
        // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile to <dir>/<server> when it stops (open it in Chrome DevTools).
        // BENCH_HEAP_PROF=<dir>: the same with a sampling heap (allocation) profile.
        const server = path.basename(script, '.ts');
        const profile = [
          ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.BENCH_CPU_PROF, server)}`] : []),
          ...(process.env.BENCH_HEAP_PROF ? ['--heap-prof', `--heap-prof-dir=${path.join(process.env.BENCH_HEAP_PROF, server)}`] : []),
        ];
        const child = spawn(process.execPath, [...profile, path.join(root, 'engine/bin/run-ts.mjs'), script], { env: { ...process.env, DATABASE_URL: db.url, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
        children.push(child);
        child.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve(child);
        });
        child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
      });
    },
    async close() {
      for (const child of children) child.kill('SIGTERM');
      // On a server of your own (DATABASE_URL) the bench tenant and its rows go with the run (BENCH_KEEP=1 keeps them to look at).
      if (!process.env.BENCH_KEEP) {
        await knex.raw(`drop schema if exists ${quoteIdent(tenant.schema)} cascade`);
        await knex.raw(`delete from ${quoteIdent(GLOBAL_SCHEMA)}.${quoteIdent('tenants')} where slug = ?`, [tenant.slug]);
      }
      await knex.destroy();
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  rps: number;
  mean: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function run(options: autocannon.Options): Promise<{ result: autocannon.Result; times: number[] }> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (err, result) => (err ? reject(err) : resolve({ result, times })));
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  });
}

const percentile = (sorted: number[], p: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(2));

/** Two seconds of warm-up, then DURATION seconds of CONNECTIONS connections; errors or non-2xx answers fail the run. */
export async function load(url: string, options: Partial<autocannon.Options> & { requests?: autocannon.Request[] }, label = url): Promise<LoadResult> {
  await run({ url, connections: CONNECTIONS, duration: 2, ...options });
  const { result, times } = await run({ url, connections: CONNECTIONS, duration: DURATION, ...options });
  times.sort((a, b) => a - b);
  const out = { rps: Math.round(result.requests.average), mean: Number(result.latency.mean.toFixed(2)), p95: percentile(times, 95), p99: percentile(times, 99), errors: result.errors, non2xx: result.non2xx };
  if (out.errors || out.non2xx) throw new Error(`${label}: ${out.errors} errors, ${out.non2xx} non-2xx responses`);
  return out;
}

export function rssMiB(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
}

/** Writes bench/results/<prefix><timestamp>.json and says where. */
export function writeResult(prefix: string, summary: Record<string, unknown> & { date: string }): void {
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  const file = path.join(root, 'bench/results', `${prefix}${summary.date.slice(0, 19).replace(/:/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(summary, null, 2));
  console.log(`written to ${path.relative(root, file)}`);
}
