import { isIP } from 'node:net';
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
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (login lockout, audit log):
   * false — none, the TCP peer is the client; true — every one; a list — those addresses/CIDRs.
   */
  trustProxy: boolean | string[];
}

/** TESSERA_SEED_CRM: unset/1/true/on → with sample data; `no-sample-data` → metadata only; 0/false/off/no → nothing. */
function seedCrm(value: string | undefined): EngineConfig['seedCrm'] {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || ['1', 'true', 'on', 'yes'].includes(v)) return 'with_sample_data';
  if (v === 'no-sample-data') return 'without_sample_data';
  if (['0', 'false', 'off', 'no'].includes(v)) return 'off';
  throw new Error(`TESSERA_SEED_CRM must be on, off or no-sample-data, got ${value}`);
}

/**
 * TESSERA_TRUST_PROXY: unset/false/off/0 → trust no proxy; true/on → every proxy; else a comma-separated list of
 * the proxies' addresses or CIDRs (or loopback, linklocal, uniquelocal). A hop count is refused: Fastify
 * cannot check the peer against it, so it would trust nothing (or, if it did, anyone).
 */
function trustProxy(value: string | undefined): EngineConfig['trustProxy'] {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || ['0', 'false', 'off', 'no'].includes(v)) return false;
  if (['true', 'on', 'yes'].includes(v)) return true;
  const entries = v.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (!entries.length || !entries.every(isProxyAddress)) {
    throw new Error(`TESSERA_TRUST_PROXY must be false, true or a comma-separated list of the proxies' IP addresses or CIDRs, got ${value}`);
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^[0-9]{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
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
    trustProxy: trustProxy(env.TESSERA_TRUST_PROXY),
  };
}
