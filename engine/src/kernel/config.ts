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
  /** Consecutive failed logins (per IP address and email) before a temporary lockout. */
  loginMaxFailures: number;
  /** How long that lockout lasts, in seconds; failures older than this are forgotten. */
  loginLockoutSeconds: number;
  /** How long a password reset token stays valid, in seconds. */
  passwordResetTtlSeconds: number;
  /** `smtp://` or `smtps://` URL for outgoing mail (password resets); unset: no mail is sent. */
  smtpUrl: string | undefined;
  /** The From address of outgoing mail. */
  mailFrom: string;
  /** What the default tenant gets at first start: the CRM package with its sample data, without it, or nothing. */
  seedCrm: 'with_sample_data' | 'without_sample_data' | 'off';
}

/** TESSERA_SEED_CRM: unset/1/true/on → with sample data; `no-sample-data` → metadata only; 0/false/off/no → nothing. */
function seedCrm(value: string | undefined): EngineConfig['seedCrm'] {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || ['1', 'true', 'on', 'yes'].includes(v)) return 'with_sample_data';
  if (v === 'no-sample-data') return 'without_sample_data';
  if (['0', 'false', 'off', 'no'].includes(v)) return 'off';
  throw new Error(`TESSERA_SEED_CRM must be on, off or no-sample-data, got ${value}`);
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
    loginMaxFailures: 5,
    loginLockoutSeconds: 15 * 60,
    passwordResetTtlSeconds: 60 * 60,
    smtpUrl: env.TESSERA_SMTP_URL || undefined,
    mailFrom: env.TESSERA_MAIL_FROM || 'Tessera <no-reply@tessera.local>',
    seedCrm: seedCrm(env.TESSERA_SEED_CRM),
  };
}
