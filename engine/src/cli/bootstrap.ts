import crypto from 'node:crypto';
import { isAppError, type EngineConfig, type Logger } from '../kernel/index.ts';
import { DEFAULT_TENANT, assertServerVersion, createKnex, createTenant, findTenant, listTenants, migrateGlobal, migrateTenants, openDatabase, type DatabaseHandle } from '../db/index.ts';
import { createBuiltinRegistry } from '../field-types/index.ts';
import { ensureSearchColumns } from '../schema/index.ts';
import { countUsers, createUser } from '../access/index.ts';
import { seedCrm, type SeedOutcome } from './seed-package.ts';

export interface FirstAdmin {
  email: string;
  /** Set only when the password was generated now: it is printed once and never stored in clear. */
  generatedPassword?: string;
}

export interface Bootstrapped {
  database: DatabaseHandle;
  /** The admin created on this start, if the default tenant had no user yet. */
  firstAdmin?: FirstAdmin;
  /** On first start: how installing the CRM package went (TESSERA_SEED_CRM). */
  seeded?: SeedOutcome;
}

/**
 * Opens the database (embedded unless DATABASE_URL), brings the global and tenant schemas up to date,
 * and on first start creates the default tenant and its first admin, and installs the CRM package in it.
 */
export async function bootstrap(config: EngineConfig, logger: Logger): Promise<Bootstrapped> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const knex = createKnex(database.url, { poolMax: 2, applicationName: 'tessera-bootstrap' });
  try {
    await assertServerVersion(database.url);
    await migrateGlobal(knex);
    await migrateTenants(knex);
    // Tables made before full-text search existed get their search column (docs/search.md).
    for (const existing of await listTenants(knex)) await ensureSearchColumns(knex, existing, createBuiltinRegistry());
    let tenant = await findTenant(knex, DEFAULT_TENANT);
    if (!tenant) {
      try {
        tenant = await createTenant(knex, DEFAULT_TENANT, 'Default');
      } catch (err) {
        // Another instance starting at the same moment created it.
        tenant = await findTenant(knex, DEFAULT_TENANT);
        if (!tenant) throw err;
      }
    }
    let firstAdmin: FirstAdmin | undefined;
    let seeded: SeedOutcome;
    if ((await countUsers(knex, tenant.schema)) === 0) {
      const email = config.adminEmail ?? 'admin@tessera.local';
      const generated = config.adminPassword ? undefined : crypto.randomBytes(12).toString('base64url');
      try {
        const admin = await createUser(knex, tenant.schema, { email, name: 'Administrator', password: config.adminPassword ?? (generated as string), isAdmin: true });
        firstAdmin = { email, ...(generated ? { generatedPassword: generated } : {}) };
        seeded = await seedCrm(knex, config, tenant, admin.id);
      } catch (err) {
        // Another instance starting at the same moment created the first admin (and printed its password).
        if (!isAppError(err) || err.code !== 'user_exists') throw err;
      }
    }
    return { database, ...(firstAdmin ? { firstAdmin } : {}), ...(seeded ? { seeded } : {}) };
  } catch (err) {
    await knex.destroy();
    await database.stop();
    throw err;
  } finally {
    await knex.destroy().catch(() => {});
  }
}
