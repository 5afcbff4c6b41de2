import pg from 'pg';
import type { Logger } from '../kernel/index.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { quoteIdent } from './quote.ts';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** Stops the embedded server; a no-op for an external one. */
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'tessera';

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${quoteIdent(database)}`);
  } finally {
    await client.end();
  }
}

/** With a URL: use that server. Without: start the embedded PostgreSQL in dataDir. */
export async function openDatabase(options: { databaseUrl: string | undefined; dataDir: string; logger: Logger }): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(options.dataDir, options.logger);
  try {
    await ensureDatabase(server.urlFor('postgres'), EMBEDDED_DATABASE);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { url: server.urlFor(EMBEDDED_DATABASE), embedded: true, stop: () => server.stop() };
}

/** Refuses servers older than PostgreSQL 15. */
export async function assertServerVersion(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ server_version_num: string }>('show server_version_num');
    const version = Number(result.rows[0]?.server_version_num ?? 0);
    if (version < 150000) throw new Error(`Tessera needs PostgreSQL 15 or newer; this server is ${version}`);
    return version;
  } finally {
    await client.end();
  }
}
