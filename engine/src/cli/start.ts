import type { FastifyInstance } from 'fastify';
import type { EngineConfig, Logger } from '../kernel/index.ts';
import { DEFAULT_TENANT } from '../db/index.ts';
import { buildApp, createEngine, type Engine } from '../http/index.ts';
import { bootstrap } from './bootstrap.ts';
import { describeInstall } from './package-report.ts';

export interface RunningTessera {
  app: FastifyInstance;
  engine: Engine;
  url: string;
  stop(): Promise<void>;
}

/** `tessera start`: bootstrap, serve, and print where and how to log in. */
export async function startTessera(
  config: EngineConfig,
  logger: Logger,
  print: (line: string) => void = console.log,
  /** Called once serving, before anything is printed: the CLI installs its signal handlers here. */
  onServing: (running: RunningTessera) => void = () => {},
): Promise<RunningTessera> {
  const { database, firstAdmin, seeded } = await bootstrap(config, logger);
  const engine = await createEngine({ config, databaseUrl: database.url, logger });
  // Warnings and errors (a 500's cause) go to stdout as JSON lines; LOG_LEVEL=info shows every request.
  const app = await buildApp(engine, { logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  let stopping: Promise<void> | undefined;
  const running: RunningTessera = {
    app,
    engine,
    url,
    stop: () => {
      stopping ??= (async () => {
        await app.close();
        await engine.close();
        await database.stop();
      })();
      return stopping;
    },
  };
  onServing(running);
  print(`Tessera is running at ${url}  (API docs: ${url}/docs)`);
  print(database.embedded ? `Database: embedded PostgreSQL in ${config.dataDir}` : 'Database: DATABASE_URL');
  if (seeded && 'report' in seeded) for (const line of describeInstall(seeded.report, DEFAULT_TENANT)) print(line);
  if (seeded && 'error' in seeded) print(`The CRM package could not be installed: ${seeded.error}`);
  if (firstAdmin) {
    print(`First admin: ${firstAdmin.email}`);
    if (firstAdmin.generatedPassword) print(`Password (shown once, change it): ${firstAdmin.generatedPassword}`);
  } else {
    print('Log in with the admin account created on first start.');
  }
  return running;
}
