import { parseArgs } from 'node:util';

export const USAGE = `Usage: tessera <command>

  start                                   run Tessera (embedded PostgreSQL unless DATABASE_URL is set)
  migrate                                 bring the global and every tenant schema up to date
  tenant create <slug> [--name N]         create a tenant (a PostgreSQL schema)
  user create --email E [--password P] [--name N] [--tenant SLUG] [--admin]
                                          create a user; without --password one is generated and printed once
  user reset-password --email E [--tenant SLUG]
                                          print a single-use password reset token (valid 1 h) for the user
  package install <dir> [--tenant SLUG] [--no-sample-data]
                                          install or upgrade a package (e.g. seed-apps/crm); installing again changes nothing

Environment: PORT, DATABASE_URL, TESSERA_DATA_DIR, TESSERA_ADMIN_EMAIL, TESSERA_ADMIN_PASSWORD, TESSERA_SMTP_URL, TESSERA_MAIL_FROM,
             TESSERA_SEED_CRM (on | no-sample-data | off: what the default tenant gets at first start)`;

export interface ParsedArgs {
  command: string[];
  options: { email?: string; password?: string; name?: string; tenant?: string; admin?: boolean; 'no-sample-data'?: boolean; help?: boolean };
}

export function parseCliArgs(argv: string[]): ParsedArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      tenant: { type: 'string' },
      admin: { type: 'boolean' },
      'no-sample-data': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { command: positionals, options: values };
}
