import path from 'node:path';

export interface EngineConfig {
  port: number;
  host: string;
  /** Unset: start the embedded PostgreSQL in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** How long a login session lasts, in seconds. */
  sessionTtlSeconds: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL === '' ? undefined : env.DATABASE_URL,
    dataDir: path.resolve(env.TESSERA_DATA_DIR ?? './data'),
    adminEmail: env.TESSERA_ADMIN_EMAIL || undefined,
    adminPassword: env.TESSERA_ADMIN_PASSWORD || undefined,
    bodyLimit: 1024 * 1024,
    sessionTtlSeconds: 60 * 60 * 12,
  };
}
